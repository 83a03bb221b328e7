/**
 * Downloading data files into a checksummed local cache (HTTP with progress, SHA-256
 * verification, mirrors) for the tutorial. Part of the tutorial application, not a library API.
 */
package org.theano4j.datasets;
