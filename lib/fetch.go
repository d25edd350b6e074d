package lib

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/go-gota/gota/dataframe"

	"qmix/lib/hub"
	"qmix/lib/internal/stop"
)

// Fetch downloads public sources (registry names, as `qmix sources` lists them), all
// their splits, from the Hugging Face Hub into the Hub's local cache, laid out as
// Python's huggingface_hub lays it out and configured by the same variables
// (HF_HOME, HF_HUB_CACHE, HF_ENDPOINT, HF_TOKEN, HF_HUB_OFFLINE). Files already
// cached are not downloaded again; an interrupted download resumes. A progress bar
// is drawn on a terminal only. Every source is tried; the errors are joined.
func Fetch(sources ...string) error {
	opt := hub.FromEnv()
	opt.Progress = os.Stderr
	c := hub.New(opt)
	ctx, cancel := stopContext()
	defer cancel()
	var errs []error
	for _, name := range sources {
		t, err := hub.Resolve(name, nil, "")
		if err == nil {
			_, err = c.Fetch(ctx, t)
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("fetch %s: %w", name, err))
		}
	}
	return errors.Join(errs...)
}

// FetchedPaths returns the files of a fetched source from the cache, without
// touching the network, as paths Convert reads (each with its split in its name).
// The error says what is missing and what the cache holds when the source was not
// fetched.
func FetchedPaths(source string) ([]string, error) {
	opt := hub.FromEnv()
	opt.Offline = true
	c := hub.New(opt)
	t, err := hub.Resolve(source, nil, "")
	if err != nil {
		return nil, err
	}
	files, err := c.Cached(t)
	if err != nil {
		return nil, err
	}
	return c.Links(files)
}

// ConvertFetched converts a fetched source's cached files (see FetchedPaths and
// Convert).
func ConvertFetched(source string) (dataframe.DataFrame, error) {
	paths, err := FetchedPaths(source)
	if err != nil {
		return dataframe.DataFrame{}, err
	}
	return Convert(source, paths...)
}

// stopContext is a context cancelled when the prompt or the kernel stops the running
// statement (SetContext), so that an interrupted fetch returns and keeps its partial
// downloads for the next one.
func stopContext() (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		tick := time.NewTicker(200 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
				if stop.Err() != nil {
					cancel()
					return
				}
			}
		}
	}()
	return ctx, cancel
}
