package kernel

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"
)

// Logo draws the kernel's logo at size×size pixels as a PNG: a lower-case "q"
// (a ring and a stem) in white on a rounded square of Go's blue. It is drawn
// here, with 4×4 supersampling for smooth edges, so no binary asset ships.
func Logo(size int) ([]byte, error) {
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	blue := color.NRGBA{0x00, 0xAD, 0xD8, 0xFF} // Go brand "Gopher Blue"
	const ss = 4                                // samples per pixel side
	s := float64(size)
	for y := 0; y < size; y++ {
		for x := 0; x < size; x++ {
			var bg, fg int
			for sy := 0; sy < ss; sy++ {
				for sx := 0; sx < ss; sx++ {
					// u, v in [0,1): the sample's position in the square.
					u := (float64(x) + (float64(sx)+0.5)/ss) / s
					v := (float64(y) + (float64(sy)+0.5)/ss) / s
					if !inRoundedSquare(u, v, 0.18) {
						continue
					}
					bg++
					if inQ(u, v) {
						fg++
					}
				}
			}
			if bg == 0 {
				continue
			}
			// Blend white over blue by foreground coverage; alpha is the
			// square's coverage.
			t := float64(fg) / float64(bg)
			mix := func(c uint8) uint8 { return uint8(math.Round(float64(c)*(1-t) + 255*t)) }
			img.SetNRGBA(x, y, color.NRGBA{mix(blue.R), mix(blue.G), mix(blue.B),
				uint8(math.Round(255 * float64(bg) / (ss * ss)))})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// inRoundedSquare reports whether (u, v) is inside the unit square with corners
// rounded to radius r.
func inRoundedSquare(u, v, r float64) bool {
	cx := math.Max(r, math.Min(1-r, u))
	cy := math.Max(r, math.Min(1-r, v))
	return (u-cx)*(u-cx)+(v-cy)*(v-cy) <= r*r
}

// inQ reports whether (u, v) is on the letter: a ring centred at (0.45, 0.45)
// and a stem down its right side.
func inQ(u, v float64) bool {
	d := math.Hypot(u-0.45, v-0.45)
	ring := d >= 0.14 && d <= 0.25
	stem := u >= 0.585 && u <= 0.695 && v >= 0.40 && v <= 0.84
	return ring || stem
}
