package dev.riffle.sim.scenario;

/** A scenario that cannot be used, with a one-line reason fit for the terminal. */
public final class ScenarioException extends RuntimeException {
    public ScenarioException(String message) {
        super(message);
    }
}
