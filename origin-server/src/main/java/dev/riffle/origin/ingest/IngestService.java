package dev.riffle.origin.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riffle.origin.catalog.AssetStore;
import dev.riffle.origin.catalog.CatalogStore;
import dev.riffle.origin.catalog.Title;
import dev.riffle.origin.catalog.TitleStatus;
import dev.riffle.origin.config.OriginConfig;
import dev.riffle.origin.keys.ContentKey;
import dev.riffle.origin.keys.ContentKeySource;
import dev.riffle.origin.keys.KeySourceException;
import dev.riffle.origin.keys.TitlePolicy;
import dev.riffle.origin.lease.JobLease;
import dev.riffle.origin.lease.JobLeases;
import dev.riffle.origin.manifest.ManifestKeysPublisher;
import dev.riffle.origin.manifest.ManifestService;
import dev.riffle.origin.manifest.TitleSizes;
import dev.riffle.origin.packaging.PackagedTitle;
import dev.riffle.origin.packaging.Packager;
import dev.riffle.origin.packaging.PackagingException;
import dev.riffle.origin.packaging.PackagingPlan;
import dev.riffle.origin.packaging.ProbeResult;
import dev.riffle.origin.packaging.ProcessRunner;
import dev.riffle.origin.store.ContentStore;
import dev.riffle.origin.store.FileSystemContentStore;
import dev.riffle.origin.store.Ids;
import dev.riffle.origin.store.JsonRecordStore;
import dev.riffle.servicekit.problem.ProblemException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Runs ingest jobs: upload bookkeeping, then probe → transcode → encrypt/sign → publish, one job per worker thread.
 * Every stage change goes through {@link Jobs#apply}; any failure discards the staging directory and records why.
 */
@ApplicationScoped
public class IngestService {
    private static final Logger LOG = Logger.getLogger(IngestService.class);

    private final OriginConfig config;
    private final CatalogStore catalog;
    private final AssetStore assets;
    private final ContentStore store;
    private final ContentKeySource keys;
    private final ManifestService manifests;
    private final ManifestKeysPublisher manifestKeys;
    private final Packager packager;
    private final ProcessRunner processes;
    private final InstantSource clock;
    private final JsonRecordStore<Job> jobs;
    private final Path uploads;
    private final JobLeases leases;
    private final LeasedWorkers workers;
    private volatile boolean stopping;

    @Inject
    public IngestService(
            OriginConfig config,
            CatalogStore catalog,
            AssetStore assets,
            ContentStore store,
            ContentKeySource keys,
            ManifestService manifests,
            ManifestKeysPublisher manifestKeys,
            Packager packager,
            ProcessRunner processes,
            InstantSource clock,
            ObjectMapper json,
            JobLeases leases) {
        this.config = config;
        this.catalog = catalog;
        this.assets = assets;
        this.store = store;
        this.keys = keys;
        this.manifests = manifests;
        this.manifestKeys = manifestKeys;
        this.packager = packager;
        this.processes = processes;
        this.clock = clock;
        this.jobs = new JsonRecordStore<>(config.dataDir().resolve("jobs"), json, Job.class, Job::id);
        this.uploads = config.dataDir().resolve("uploads");
        try {
            Files.createDirectories(uploads);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.leases = leases;
        OriginConfig.Ingest.Lease lease = config.ingest().lease();
        this.workers = new LeasedWorkers(
                leases, clock, lease.ttl(), lease.poll(), config.ffmpeg().concurrentJobs(), this::runClaimed);
    }

    /**
     * After a crash or restart: no half-published titles (the store drops staging and unlinked versions), interrupted
     * jobs failed with a reason, and no source file left behind for a job that has ended or no longer exists.
     */
    void onStart(@Observes StartupEvent e) {
        store.recover();
        Set<String> keep = new HashSet<>();
        boolean shared = sharedQueue();
        for (Job j : List.copyOf(jobs.all())) {
            // With a shared queue the job's lease outlives this process: another worker (or this one, once the lease
            // has expired) takes it over, so it goes back to the queue instead of failing.
            Job next = shared && !j.state().terminal() && j.state() != JobState.AWAITING_UPLOAD
                    ? Jobs.requeued(j, clock.instant())
                    : Jobs.afterRestart(j, size(uploadFile(j.id())), clock.instant());
            if (next != j) {
                if (next.state() == JobState.FAILED) {
                    fail(j.id(), next.failure());
                } else {
                    jobs.put(next);
                }
            }
            if (next.state() == JobState.AWAITING_UPLOAD || next.state() == JobState.QUEUED)
                keep.add(uploadFile(j.id()).getFileName().toString());
        }
        try (Stream<Path> left = Files.list(uploads)) {
            left.filter(p -> !keep.contains(p.getFileName().toString())).forEach(p -> {
                LOG.infof("removing upload left by an ended job: %s", p.getFileName());
                deleteQuietly(p);
            });
        } catch (IOException ex) {
            LOG.warn("cannot list uploads directory", ex);
        }
        if (config.role().runsIngest()) workers.start();
    }

    void onStop(@Observes ShutdownEvent e) {
        // Jobs that fail from here on fail because we stop, not because of their source: say so.
        stopping = true;
        workers.stop();
        processes.killAll();
    }

    public Job create(String titleId, long totalBytes) {
        if (totalBytes <= 0) throw ProblemException.badRequest("invalid-size", "sourceBytes must be > 0");
        if (totalBytes > config.upload().maxSourceBytes()) {
            throw ProblemException.tooLarge(
                    "source is larger than " + config.upload().maxSourceBytes() + " bytes");
        }
        return jobs.put(Job.awaitingUpload(Ids.newId(), titleId, totalBytes, clock.instant()));
    }

    public Optional<Job> find(String id) {
        // Another origin process (an ingest worker sharing the data directory) may have moved the job on.
        return jobs.refresh(id);
    }

    public Job require(String id) {
        return find(id).orElseThrow(() -> ProblemException.notFound("not-found", "job '" + id + "' does not exist"));
    }

    public Path uploadFile(String jobId) {
        return uploads.resolve(jobId + ".src");
    }

    /** Records upload progress; when the last byte arrived, queues the ingest. */
    public Job received(String jobId, long bytes) {
        Job j = jobs.update(jobId, old -> Jobs.apply(old, new JobEvent.Received(bytes), clock.instant()))
                .orElseThrow();
        if (j.uploadComplete()) {
            j = advance(jobId, JobState.QUEUED);
            catalog.update(
                    j.titleId(),
                    t -> t.withJob(
                            jobId, t.liveVersion() != null ? t.status() : TitleStatus.PROCESSING, clock.instant()));
            leases.enqueue(jobId, clock.instant());
            if (config.role().runsIngest()) workers.dispatch();
        }
        return j;
    }

    /** A job this process's worker holds the lease of: run it, or take it over from a worker that died. */
    private void runClaimed(JobLease lease) {
        // The job's record may come from another origin process sharing the data directory.
        Optional<Job> job = jobs.refresh(lease.jobId());
        if (job.isEmpty() || job.get().state().terminal()) return;
        catalog.refresh(job.get().titleId());
        if (lease.attempt() > config.ingest().lease().maxAttempts()) {
            fail(
                    lease.jobId(),
                    "interrupted: ingest stopped " + (lease.attempt() - 1)
                            + " times on this source; upload the source again");
            return;
        }
        if (job.get().state() != JobState.QUEUED) {
            LOG.infof("taking over job %s (attempt %d)", lease.jobId(), lease.attempt());
            jobs.put(Jobs.requeued(job.get(), clock.instant()));
        }
        run(lease.jobId());
    }

    private Job advance(String jobId, JobState s) {
        return jobs.update(jobId, old -> Jobs.apply(old, new JobEvent.Entered(s), clock.instant()))
                .orElseThrow();
    }

    private void progress(String jobId, double f) {
        jobs.update(jobId, old -> {
            Job next = Jobs.apply(old, new JobEvent.Progressed(f), clock.instant());
            // Avoid a file write per ffmpeg progress line: only persist visible changes (≥ 0.5 %).
            return next.progress() - old.progress() >= 0.005 || f >= 1.0 ? next : old;
        });
    }

    void run(String jobId) {
        Job job = require(jobId);
        Title title = catalog.require(job.titleId());
        Path staging = null;
        try {
            staging = store.createStaging(jobId);
            Path work = Files.createDirectories(staging.resolve("work"));
            Path out = Files.createDirectories(staging.resolve("title"));
            advance(jobId, JobState.PROBING);
            ProbeResult probe = packager.probe(uploadFile(jobId), work);
            Map<String, Path> subtitles = assets.subtitles(title.id());
            PackagingPlan plan = packager.plan(probe, List.copyOf(subtitles.keySet()));
            ContentKey key = keys.keyFor(title.id());
            advance(jobId, JobState.TRANSCODING);
            packager.transcode(uploadFile(jobId), plan, work, f -> progress(jobId, f));
            advance(jobId, JobState.PACKAGING);
            String keyUri = config.license().publicUrl().isEmpty() && key.keyUri() != null
                    ? key.keyUri()
                    : config.keyBaseUrl().resolve("/v1/keys/" + key.kid()).toString();
            PackagedTitle packaged = packager.assemble(
                    title.id(),
                    plan,
                    subtitles,
                    key,
                    keyUri,
                    work,
                    out,
                    manifests::signedManifest,
                    f -> progress(jobId, f));
            FileSystemContentStore.deleteTree(work);
            advance(jobId, JobState.PUBLISHING);
            Title latest = catalog.require(title.id());
            List<String> names = new ArrayList<>();
            packaged.renditions().forEach(r -> names.add(r.name()));
            Title live = latest.published(
                    jobId,
                    plan.audioOnly() ? "audio" : "video",
                    probe.durationSeconds(),
                    names,
                    key.kid(),
                    clock.instant());
            // drm-license learns the policy before any byte is reachable, so the first player gets a decision.
            keys.pushPolicy(
                    title.id(), TitlePolicy.of(live, clock.instant(), OptionalLong.of(TitleSizes.of(packaged))));
            // ... and agents can verify its manifest: the signing keys are at drm-license before it goes live.
            manifestKeys.ensurePublished();
            store.publish(title.id(), jobId, out);
            catalog.save(live);
            jobs.update(jobId, old -> Jobs.apply(old, new JobEvent.Succeeded(jobId), clock.instant()));
            LOG.infof("published title %s version %s", title.id(), jobId);
        } catch (PackagingException | KeySourceException e) {
            fail(jobId, e.getMessage());
        } catch (IOException | RuntimeException e) {
            LOG.errorf(e, "ingest %s failed", jobId);
            fail(jobId, "internal error: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        } finally {
            store.discardStaging(jobId);
            // A job handed back to the queue keeps its source for the worker that takes it over.
            if (find(jobId).map(j -> j.state().terminal()).orElse(true)) deleteQuietly(uploadFile(jobId));
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.warnf("cannot delete %s", p);
        }
    }

    private boolean sharedQueue() {
        return config.ingest().lease().kind() != OriginConfig.Ingest.Lease.Kind.MEMORY;
    }

    private void fail(String jobId, String detailed) {
        if (stopping && sharedQueue()) {
            // Not the source's fault: the job goes back to the queue and its lease expires into another worker's hands.
            jobs.update(jobId, old -> Jobs.requeued(old, clock.instant()));
            LOG.infof("ingest %s left to another worker: this origin stops", jobId);
            return;
        }
        LOG.infof("ingest %s failed: %s", jobId, detailed);
        String why = FailureTexts.withoutServerPaths(detailed);
        String reason = stopping
                ? find(jobId)
                        .map(j -> "interrupted: the origin stopped during "
                                + j.state().json() + "; upload the source again")
                        .orElse(why)
                : why;
        Job j = jobs.update(
                        jobId,
                        old -> old.state().terminal()
                                ? old
                                : Jobs.apply(old, new JobEvent.Failed(reason), clock.instant()))
                .orElseThrow();
        LOG.infof("job %s failed: %s", jobId, reason);
        catalog.find(j.titleId()).ifPresent(t -> {
            if (t.status() == TitleStatus.PROCESSING && jobId.equals(t.lastJobId())) {
                catalog.update(
                        t.id(),
                        x -> x.withStatus(
                                x.liveVersion() != null ? TitleStatus.PUBLISHED : TitleStatus.FAILED, clock.instant()));
            }
        });
    }

    private static long size(Path p) {
        try {
            return Files.exists(p) ? Files.size(p) : 0;
        } catch (IOException e) {
            return 0;
        }
    }
}
