package dev.riffle.license.policy;

import java.util.Optional;

/**
 * Per-account limits and the pure admission rule that every session store applies atomically (the Redis store runs the
 * same rule in a Lua script): a device not seen recently needs a free device slot, then a new session needs a free
 * stream slot.
 */
public record StreamLimits(int concurrentStreams, int devices) {
    public StreamLimits {
        if (concurrentStreams < 1 || devices < 1) {
            throw new IllegalArgumentException("limits must be at least 1");
        }
    }

    /**
     * @param liveSessions sessions of the account still alive
     * @param knownDevices devices of the account seen within the device TTL
     * @param deviceKnown whether the asking device is one of them
     */
    public Optional<DenialReason> admit(int liveSessions, int knownDevices, boolean deviceKnown) {
        if (!deviceKnown && knownDevices >= devices) {
            return Optional.of(DenialReason.DEVICES);
        }
        if (liveSessions >= concurrentStreams) {
            return Optional.of(DenialReason.CONCURRENT_STREAMS);
        }
        return Optional.empty();
    }
}
