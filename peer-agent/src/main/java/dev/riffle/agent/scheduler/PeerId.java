package dev.riffle.agent.scheduler;

/** A remote agent as the tracker names it. */
public record PeerId(String value) implements Comparable<PeerId> {
    public PeerId {
        if (value == null || value.isBlank()) throw new IllegalArgumentException("blank peer id");
    }

    @Override
    public int compareTo(PeerId o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
