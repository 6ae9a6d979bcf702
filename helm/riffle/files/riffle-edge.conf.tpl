# Riffle CDN edge, adapted from deploy/nginx/riffle-edge.conf for the chart: the upstream is the origin's Service,
# nginx runs unprivileged on 8080, the cache sits on an emptyDir, and /healthz answers the kubelet's probes.
# Only /content/ and the public key set are cached; the operator API is passed through uncached.

proxy_cache_path /var/cache/nginx/riffle levels=1:2 keys_zone=riffle:{{ .Values.edge.cache.keysZone }} max_size={{ .Values.edge.cache.maxSize }} inactive=14d use_temp_path=off;

upstream riffle_origin {
    server {{ include "riffle.componentName" (dict "ctx" . "component" "origin-server") }}:{{ .Values.originServer.service.port }};
    keepalive 32;
}

server {
    listen 8080;
    server_name _;

    sendfile on;
    tcp_nopush on;

    location = /healthz {
        access_log off;
        default_type text/plain;
        return 200 "ok\n";
    }

    # Segments: immutable, cache for their whole life; one origin fetch per segment however many viewers ask at once.
    location ~ ^/content/[A-Za-z0-9._-]+/[A-Za-z0-9._-]+/[0-9]+\.(ts|vtt)$ {
        proxy_pass http://riffle_origin;
        proxy_http_version 1.1;
        proxy_set_header Connection "";
        proxy_set_header Authorization "";          # the edge is public; never forward tokens to the origin's edge
        proxy_cache riffle;
        proxy_cache_valid 200 14d;
        proxy_cache_valid 404 5s;
        proxy_cache_lock on;                        # collapse concurrent misses into one origin request
        proxy_cache_lock_timeout 10s;
        proxy_cache_use_stale error timeout updating http_500 http_502 http_503 http_504;
        proxy_cache_revalidate on;
        slice 1m;                                   # byte-range requests are cached in 1 MiB slices
        proxy_cache_key $uri$slice_range;           # no query strings on content URLs
        proxy_set_header Range $slice_range;
        proxy_cache_valid 206 14d;
        add_header X-Cache-Status $upstream_cache_status always;
    }

    # Playlists and signed manifests: short-lived (origin says max-age=2), revalidated with If-None-Match; never served
    # older than max-age plus one origin round trip (nginx counts whole seconds: up to one second more).
    location /content/ {
        proxy_pass http://riffle_origin;
        proxy_http_version 1.1;
        proxy_set_header Connection "";
        proxy_set_header Authorization "";
        proxy_cache riffle;
        proxy_cache_key $uri;
        proxy_cache_valid 200 2s;
        proxy_cache_valid 404 2s;
        proxy_cache_lock on;
        proxy_cache_revalidate on;
        proxy_cache_use_stale error timeout updating http_500 http_502 http_503 http_504;
        # No background update: with it, every request after max-age got the stale copy while a refetch ran, and when
        # the origin's answer was not cacheable (an unpublished title's no-store 404) the stale playlist was served for
        # ever. Now one request refetches and others get the stale copy only while it runs.
        add_header X-Cache-Status $upstream_cache_status always;
    }

    # Public signing keys: cache briefly so a rotation shows up within minutes.
    location /.well-known/ {
        proxy_pass http://riffle_origin;
        proxy_http_version 1.1;
        proxy_set_header Connection "";
        proxy_cache riffle;
        proxy_cache_valid 200 5m;
    }

    # Catalogue and operator API: never cached; uploads may be large (chunked, 64 MiB per request).
    location /v1/ {
        proxy_pass http://riffle_origin;
        proxy_http_version 1.1;
        proxy_set_header Connection "";
        proxy_set_header Host $host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;
        proxy_request_buffering off;                # stream uploads through
        client_max_body_size 65m;
        proxy_read_timeout 300s;
        proxy_cache off;
    }
}
