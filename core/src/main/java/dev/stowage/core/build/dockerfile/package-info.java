/**
 * Builds images from Dockerfiles without a daemon or a container runtime, over
 * {@link dev.stowage.core.build.ImageBuilder}: the parser, the word lexer, instructions and
 * stages, the build context and its {@code .dockerignore}, {@code COPY}/{@code ADD}, and the
 * layer cache kept in the store. Entry points: {@link dev.stowage.core.build.ImageBuilder#fromDockerfile}
 * and {@link dev.stowage.core.ImageManager#build}.
 *
 * <p>Follows the Dockerfile reference as BuildKit's Dockerfile frontend implements it at
 * moby/buildkit commit 73ed6825c4b7569379ef89df0aedcdbe64473d31 (2026-08-21, Dockerfile syntax 1.x):
 * parser, lexer and instruction rules and messages are checked against that commit's own test
 * files. Every instruction is built but {@code RUN}, which is refused before any work.
 */
package dev.stowage.core.build.dockerfile;
