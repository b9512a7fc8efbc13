package dev.stowage.registry;

import java.time.Duration;

/**
 * How long each part of a request may take (see {@link RegistryClient.Builder}).
 *
 * @param connect to open a connection
 * @param firstByte from the request (and its body) sent to the response's headers
 * @param idle without a byte moving either way, while a body is sent or received
 * @param smallBody from the headers to the end of a body other than a blob's
 */
record Deadlines(Duration connect, Duration firstByte, Duration idle, Duration smallBody) {
}
