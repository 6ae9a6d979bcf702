package dev.riffle.tracker.polluter;

class InMemoryPolluterStoreTest extends PolluterStoreContract {
    @Override
    PolluterStore store() {
        return new InMemoryPolluterStore(100);
    }
}
