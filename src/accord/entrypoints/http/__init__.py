"""What the JSON API and the web pages both need from HTTP: trusted hosts, origin
checks, a request-body limit and no-store caching. Neither api nor web owns it."""
