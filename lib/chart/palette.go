package chart

import (
	"image/color"

	"qmix/lib/record"
)

// Palette maps each domain to its colour in every chart: the first eight colours of
// Tableau 10 (Stone 2008), which stay distinguishable for the common colour-vision
// deficiencies and print legibly in greyscale.
var Palette = map[string]color.RGBA{
	record.Coding:        rgb(0x4E79A7), // blue
	record.Math:          rgb(0xF28E2B), // orange
	record.ToolUse:       rgb(0xE15759), // red
	record.Reasoning:     rgb(0x76B7B2), // teal
	record.Reading:       rgb(0x59A14F), // green
	record.Summarization: rgb(0xEDC948), // yellow
	record.CommonSense:   rgb(0xB07AA1), // purple
	record.Instruction:   rgb(0x9C755F), // brown
}

// Colours that are not domains: they are kept apart from Palette's hues so that a
// colour always means one thing.
var (
	EasyColor     = rgb(0xA0CBE8) // light blue-grey: easy records and tokens
	HardColor     = rgb(0x2F4B7C) // dark navy: hard records and tokens
	ExistingColor = rgb(0xC8C8C8) // grey: the existing set in source mixes
	OtherColor    = rgb(0x7F7F7F) // a domain outside the plan
	GuideColor    = rgb(0x222222) // quota and target lines
	AlertColor    = rgb(0xD62728) // thresholds
	NeutralColor  = rgb(0x5B7083) // data that is no domain's (similarities)
)

func rgb(v uint32) color.RGBA {
	return color.RGBA{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v), A: 0xFF}
}

// DomainColor returns the colour of a domain, OtherColor for one outside Palette.
func DomainColor(domain string) color.RGBA {
	if c, ok := Palette[domain]; ok {
		return c
	}
	return OtherColor
}

// Mix blends c towards to by f in [0, 1]: Mix(c, white, 0.5) is a tint.
func Mix(c, to color.RGBA, f float64) color.RGBA {
	m := func(a, b uint8) uint8 { return uint8(float64(a) + f*(float64(b)-float64(a)) + 0.5) }
	return color.RGBA{R: m(c.R, to.R), G: m(c.G, to.G), B: m(c.B, to.B), A: 0xFF}
}

var (
	white = color.RGBA{0xFF, 0xFF, 0xFF, 0xFF}
	black = color.RGBA{0, 0, 0, 0xFF}
)

// SourceColor returns the colour of the i-th public source (in name order) of a
// domain: shades of the domain's colour, so that a source mix reads by domain
// first. Shades repeat after four sources.
func SourceColor(domain string, i int) color.RGBA {
	c := DomainColor(domain)
	switch i % 4 {
	case 1:
		return Mix(c, white, 0.45)
	case 2:
		return Mix(c, black, 0.35)
	case 3:
		return Mix(c, white, 0.75)
	}
	return c
}

// textColor picks black or white text, whichever reads better on bg (by its
// relative luminance, ITU-R BT.709 weights).
func textColor(bg color.Color) color.Color {
	r, g, b, _ := bg.RGBA()
	l := (0.2126*float64(r) + 0.7152*float64(g) + 0.0722*float64(b)) / 0xFFFF
	if l < 0.5 {
		return white
	}
	return black
}
