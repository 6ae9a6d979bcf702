package dev.riffle.e2e.platform;

/** Where a simulated viewer is. */
public enum ViewerState {
    /** Not joined yet (staggered start). */
    WAITING,
    /** Agent starting, title opening, looking for peers. */
    JOINING,
    PLAYING,
    /** Played to the end; its agent keeps seeding until the viewers are closed. */
    DONE,
    FAILED,
    /** Left before the end ({@link Viewer#leave()}): its agent is closed. */
    LEFT;

    public boolean finished() {
        return this == DONE || this == FAILED || this == LEFT;
    }
}
