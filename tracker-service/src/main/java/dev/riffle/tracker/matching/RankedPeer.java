package dev.riffle.tracker.matching;

/** One peer of an answer with the tier it was chosen from and its score inside the tier. */
public record RankedPeer(PeerEntry peer, Tier tier, double score) {}
