package dev.riffle.origin.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Answer to {@code POST /v1/titles}: the title, and the job/upload to send the source to (when sourceBytes was given). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CreatedTitle(TitleView title, String jobId, String uploadUrl, String jobUrl) {}
