package dev.stowage.bench;

import java.util.OptionalLong;

/**
 * One timed run of one operation by one tool, its traffic counted by the proxy in front of the
 * registry: request and response body bytes (blob and manifest content, no headers) and requests.
 *
 * @param peakRssKb empty when the tool ran inside the benchmark's own JVM
 */
record Sample(long nanos, OptionalLong peakRssKb, long bytesUp, long bytesDown, int requests) {
}
