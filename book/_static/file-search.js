// Opened from a folder or a file share (file://), a browser refuses to fetch
// other pages, which the search does only to show a snippet under each result.
// There, list the results without the snippet (and without console errors).
if (window.location.protocol === "file:" && typeof DOCUMENTATION_OPTIONS !== "undefined") {
  DOCUMENTATION_OPTIONS.SHOW_SEARCH_SUMMARY = false;
}
