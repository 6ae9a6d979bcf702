package dev.riffle.origin.upload;

import dev.riffle.origin.config.OriginConfig;
import dev.riffle.origin.ingest.IngestService;
import dev.riffle.origin.ingest.Job;
import dev.riffle.origin.ingest.JobState;
import dev.riffle.servicekit.problem.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.logging.Logger;

/**
 * Resumable source upload. Send the file in one or more {@code PUT}s, each starting where the server's offset stands
 * ({@code Upload-Offset: n} or {@code Content-Range: bytes n-m/total}); {@code HEAD} tells the current offset after a
 * drop. Bodies are streamed to disk, never held in memory. The last byte queues the ingest.
 */
@Path("/v1/uploads/{id}")
@RolesAllowed("operator")
public class UploadResource {
    private static final Logger LOG = Logger.getLogger(UploadResource.class);

    private static final int BUFFER = 256 * 1024;
    // Static: one guard per upload id whatever scope the runtime gives this resource.
    private static final Set<String> BUSY = ConcurrentHashMap.newKeySet();

    @Inject
    IngestService ingest;

    @Inject
    OriginConfig config;

    @HEAD
    @Operation(summary = "Current offset of an upload (Upload-Offset) and its size (Upload-Length)")
    public Response offset(@PathParam("id") String id) {
        Job j = ingest.require(id);
        return Response.ok()
                .header("Upload-Offset", j.receivedBytes())
                .header("Upload-Length", j.totalBytes())
                .header("Cache-Control", "no-store")
                .build();
    }

    @PUT
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Append a chunk at the current offset; answers the job (state queued after the last byte)")
    public Response append(
            @PathParam("id") String id,
            @HeaderParam("Upload-Offset") String uploadOffset,
            @HeaderParam("Content-Range") String contentRange,
            InputStream body)
            throws IOException {
        Job job = ingest.require(id);
        if (job.state() != JobState.AWAITING_UPLOAD) {
            throw ProblemException.conflict("upload-complete", "upload " + id + " is already complete");
        }
        UploadRange range;
        try {
            range = UploadRange.parse(uploadOffset, contentRange)
                    .orElse(new UploadRange(0, java.util.OptionalLong.empty(), java.util.OptionalLong.empty()));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("bad-range", e.getMessage());
        }
        if (range.total().isPresent() && range.total().getAsLong() != job.totalBytes()) {
            throw ProblemException.badRequest(
                    "bad-range",
                    "total size " + range.total().getAsLong() + " differs from declared " + job.totalBytes());
        }
        if (!BUSY.add(id)) throw ProblemException.conflict("upload-busy", "another request is writing upload " + id);
        try {
            long received = write(job, range, body);
            Job after = ingest.received(id, received);
            return Response.ok(after)
                    .header("Upload-Offset", after.receivedBytes())
                    .build();
        } finally {
            BUSY.remove(id);
        }
    }

    private long write(Job job, UploadRange range, InputStream body) throws IOException {
        try (FileChannel ch =
                FileChannel.open(ingest.uploadFile(job.id()), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            long size = ch.size();
            if (range.offset() != size) {
                throw new ProblemException(
                        409,
                        "offset-mismatch",
                        "upload " + job.id() + " is at offset " + size + ", not " + range.offset()
                                + "; HEAD it and resume from there");
            }
            long room = Math.min(job.totalBytes() - size, config.upload().maxChunkBytes());
            ch.position(size);
            ByteBuffer buf = ByteBuffer.allocate(BUFFER);
            long written = 0;
            try {
                int n;
                while ((n = body.read(buf.array())) > 0) {
                    if (written + n > room) {
                        throw ProblemException.tooLarge(
                                job.totalBytes() - size < config.upload().maxChunkBytes()
                                        ? "upload exceeds its declared size of " + job.totalBytes() + " bytes"
                                        : "a chunk may carry at most "
                                                + config.upload().maxChunkBytes() + " bytes");
                    }
                    buf.clear().limit(n);
                    while (buf.hasRemaining()) ch.write(buf);
                    written += n;
                }
            } catch (ProblemException e) {
                ch.truncate(size); // a refused chunk leaves nothing behind
                throw e;
            } catch (IOException e) {
                // The client stopped sending (read timeout) or the connection dropped: the client's doing, not a
                // fault here, so no stack trace. Keep what arrived so the client resumes from there.
                ch.force(false);
                ingest.received(job.id(), size + written);
                LOG.infof(
                        "upload %s: the client stopped sending after %d bytes of this chunk (%s); %d bytes kept",
                        job.id(), written, e.getClass().getSimpleName(), size + written);
                throw new ProblemException(
                        408,
                        "upload-interrupted",
                        "the chunk stopped arriving; HEAD the upload and resume from offset " + (size + written));
            }
            ch.force(false);
            if (range.length().isPresent() && range.length().getAsLong() != written) {
                ingest.received(job.id(), size + written);
                throw ProblemException.badRequest(
                        "short-chunk",
                        "Content-Range announced " + range.length().getAsLong() + " bytes, got " + written);
            }
            return size + written;
        }
    }
}
