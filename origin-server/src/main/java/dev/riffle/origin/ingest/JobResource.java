package dev.riffle.origin.ingest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Ingest progress for operators and the CLI. */
@Path("/v1/jobs/{id}")
@RolesAllowed("operator")
@Produces(MediaType.APPLICATION_JSON)
public class JobResource {
    @Inject
    IngestService ingest;

    @GET
    @Operation(
            summary = "State (awaiting_upload → queued → probing → transcoding → packaging → publishing → "
                    + "succeeded | failed), upload bytes, progress 0..1, failure reason")
    public Job get(@PathParam("id") String id) {
        return ingest.require(id);
    }
}
