package dev.riffle.origin.lease;

/** The single-process queue keeps the same rules (both "processes" share the one instance). */
class InMemoryJobLeasesTest extends JobLeasesContract {
    private final InMemoryJobLeases leases = new InMemoryJobLeases();

    @Override
    JobLeases first() {
        return leases;
    }

    @Override
    JobLeases second() {
        return leases;
    }
}
