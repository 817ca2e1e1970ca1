"""HTTP and event adapters: read the request, call one domain function, shape the response."""
