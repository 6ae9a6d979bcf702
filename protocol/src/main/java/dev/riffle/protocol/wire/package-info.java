/**
 * The peer wire protocol: binary frames agents exchange over WebRTC data channels.
 *
 * <p>Messages are records of the sealed {@link dev.riffle.protocol.wire.WireMessage}; {@link
 * dev.riffle.protocol.wire.WireEncoder} writes frames, {@link dev.riffle.protocol.wire.WireDecoder} reads them
 * (streaming or one data-channel message at a time) and reports bad input as a typed {@link
 * dev.riffle.protocol.wire.WireError}. Layouts, limits and versioning rules: {@code docs/protocol.md}.
 */
package dev.riffle.protocol.wire;
