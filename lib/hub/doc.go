// Package hub fetches the public sources' files from the Hugging Face Hub into the
// Hub's own local cache, laid out exactly as Python's huggingface_hub lays it out, so
// that files either tool downloaded are reused by the other, and so that a build runs
// offline once its sources are fetched.
//
// Resolution: a registry source (package source) names its Hub dataset, config and
// splits. Most sources are read in the Hub's auto-converted Parquet — the files the
// datasets-server /parquet endpoint lists on the repository's refs/convert/parquet
// revision, "<config>/<split>/NNNN.parquet". A source whose Hub form is not Parquet
// (see layouts in sources.go) is read in its repository files instead, picked per
// split by name from the revision's tree listing.
//
// Cache (https://huggingface.co/docs/hub/local-cache, the layout's reference):
//
//	<HF_HUB_CACHE>/datasets--<org>--<name>/
//	    blobs/<etag>                     file contents; the etag is the SHA-256 of an
//	                                     LFS file, the git SHA-1 of a plain git file
//	    blobs/<etag>.incomplete          a download in progress, resumed with Range
//	    refs/<revision>                  the commit the revision (main,
//	                                     refs/convert/parquet) last resolved to
//	    snapshots/<commit>/<path>        relative symlink to ../../blobs/<etag>
//	    .no_exist/<commit>/<path>        empty marker: the file is not on the Hub
//	<HF_HUB_CACHE>/.locks/datasets--<org>--<name>/<etag>.lock
//
// Environment, as huggingface_hub reads it: HF_HOME, HF_HUB_CACHE, HF_ENDPOINT,
// HF_TOKEN (else the token file huggingface-cli login writes), HF_HUB_OFFLINE.
//
// Downloads run in parallel (bounded), resume an interrupted transfer from its
// .incomplete blob with an HTTP Range request, retry 5xx answers and timeouts on a
// fixed backoff schedule, and verify size and hash before a blob is renamed into the
// cache, so a blob in the cache is always whole.
package hub
