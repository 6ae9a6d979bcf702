{{/* Names */}}
{{- define "riffle.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "riffle.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Component name: <fullname>-<component>; 40 + 1 + 22 stays within 63. */}}
{{- define "riffle.componentName" -}}
{{- printf "%s-%s" (include "riffle.fullname" .ctx) .component | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "riffle.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .ctx.Chart.Name .ctx.Chart.Version | replace "+" "_" }}
app.kubernetes.io/managed-by: {{ .ctx.Release.Service }}
app.kubernetes.io/part-of: riffle
app.kubernetes.io/version: {{ .ctx.Chart.AppVersion | quote }}
{{ include "riffle.selectorLabels" . }}
{{- end -}}

{{- define "riffle.selectorLabels" -}}
app.kubernetes.io/name: {{ include "riffle.name" .ctx }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "riffle.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "riffle.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* Service image: <registry>/<repository>:<tag or appVersion>. Args: ctx, svc (the service's values). */}}
{{- define "riffle.image" -}}
{{- $tag := default .ctx.Chart.AppVersion .ctx.Values.image.tag -}}
{{- if .ctx.Values.image.registry -}}
{{- printf "%s/%s:%s" .ctx.Values.image.registry .svc.image.repository $tag -}}
{{- else -}}
{{- printf "%s:%s" .svc.image.repository $tag -}}
{{- end -}}
{{- end -}}

{{/* In-cluster URLs */}}
{{- define "riffle.licenseInternalUrl" -}}
{{- printf "http://%s:%v" (include "riffle.componentName" (dict "ctx" . "component" "drm-license")) .Values.drmLicense.service.port -}}
{{- end -}}

{{/* Base of HLS key URIs: explicit value, else the ingress host, else the in-cluster Service. */}}
{{- define "riffle.licensePublicUrl" -}}
{{- if .Values.drmLicense.publicUrl -}}
{{- .Values.drmLicense.publicUrl -}}
{{- else if .Values.ingress.enabled -}}
{{- printf "%s://%s" (ternary "https" "http" (gt (len .Values.ingress.tls) 0)) .Values.ingress.hosts.license -}}
{{- else -}}
{{- include "riffle.licenseInternalUrl" . -}}
{{- end -}}
{{- end -}}

{{- define "riffle.redisEnv" -}}
- name: {{ .name }}
{{- if .ctx.Values.redis.existingSecret }}
  valueFrom:
    secretKeyRef:
      name: {{ .ctx.Values.redis.existingSecret }}
      key: {{ .ctx.Values.redis.urlKey }}
{{- else }}
  valueFrom:
    configMapKeyRef:
      name: {{ include "riffle.componentName" (dict "ctx" .ctx "component" "common") }}
      key: REDIS_URL
{{- end }}
{{- end -}}

{{/* Probes on Quarkus SmallRye Health, served on the management port. Args: ctx. */}}
{{- define "riffle.quarkusProbes" -}}
startupProbe:
  httpGet:
    path: /q/health/started
    port: management
  periodSeconds: {{ .ctx.Values.probes.startup.periodSeconds }}
  failureThreshold: {{ .ctx.Values.probes.startup.failureThreshold }}
livenessProbe:
  httpGet:
    path: /q/health/live
    port: management
  periodSeconds: {{ .ctx.Values.probes.liveness.periodSeconds }}
  failureThreshold: {{ .ctx.Values.probes.liveness.failureThreshold }}
readinessProbe:
  httpGet:
    path: /q/health/ready
    port: management
  periodSeconds: {{ .ctx.Values.probes.readiness.periodSeconds }}
  failureThreshold: {{ .ctx.Values.probes.readiness.failureThreshold }}
{{- end -}}

{{/* Pod annotations: Prometheus scraping of Quarkus /q/metrics on the management port, and a checksum so config
changes roll the pods. */}}
{{- define "riffle.podAnnotations" -}}
checksum/common: {{ include (print .ctx.Template.BasePath "/configmap-common.yaml") .ctx | sha256sum }}
{{- if .ctx.Values.metrics.podAnnotations }}
prometheus.io/scrape: "true"
prometheus.io/port: {{ .ctx.Values.metrics.managementPort | quote }}
prometheus.io/path: /q/metrics
{{- end }}
{{- end -}}

{{- define "riffle.tmpVolumeMount" -}}
- name: tmp
  mountPath: /tmp
{{- end -}}

{{- define "riffle.tmpVolume" -}}
- name: tmp
  emptyDir:
    sizeLimit: 1Gi
{{- end -}}

{{/* The management container port (health, metrics). */}}
{{- define "riffle.managementPort" -}}
- name: management
  containerPort: {{ .Values.metrics.managementPort }}
  protocol: TCP
{{- end -}}

{{/* The management Service port, for a ServiceMonitor; the Ingress only ever routes "http". */}}
{{- define "riffle.managementServicePort" -}}
- name: management
  port: {{ .Values.metrics.managementPort }}
  targetPort: management
  protocol: TCP
{{- end -}}

{{/*
A PodDisruptionBudget for a component that runs more than one pod (fixed replicas > 1, or autoscaled): at most one pod
of it is evicted at a time, whatever the replica count the HPA chose.
Args: dict "ctx" . "component" name "v" the component's values.
*/}}
{{- define "riffle.pdb" -}}
{{- if or (and .v.autoscaling .v.autoscaling.enabled) (gt (int .v.replicas) 1) }}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "riffle.componentName" (dict "ctx" .ctx "component" .component) }}
  labels:
    {{- include "riffle.labels" (dict "ctx" .ctx "component" .component) | nindent 4 }}
spec:
  maxUnavailable: 1
  selector:
    matchLabels:
      {{- include "riffle.selectorLabels" (dict "ctx" .ctx "component" .component) | nindent 6 }}
{{- end }}
{{- end }}

{{/*
A HorizontalPodAutoscaler (autoscaling/v2) on CPU and, when .v.autoscaling.custom.enabled, on a per-pod custom metric
(served by prometheus-adapter from the service's own Prometheus counter; see helm/README.md, "Autoscaling").
Args: dict "ctx" . "component" name "v" the component's values.
*/}}
{{- define "riffle.hpa" -}}
{{- $a := .v.autoscaling -}}
{{- if $a.enabled }}
{{- if lt (int $a.maxReplicas) (int $a.minReplicas) }}
{{- fail (printf "%s.autoscaling: maxReplicas (%d) is below minReplicas (%d)" .component (int $a.maxReplicas) (int $a.minReplicas)) }}
{{- end }}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "riffle.componentName" (dict "ctx" .ctx "component" .component) }}
  labels:
    {{- include "riffle.labels" (dict "ctx" .ctx "component" .component) | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "riffle.componentName" (dict "ctx" .ctx "component" .component) }}
  minReplicas: {{ $a.minReplicas }}
  maxReplicas: {{ $a.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ $a.cpuUtilization }}
    {{- if $a.custom.enabled }}
    - type: Pods
      pods:
        metric:
          name: {{ $a.custom.metric }}
        target:
          type: AverageValue
          averageValue: {{ $a.custom.averageValue | quote }}
    {{- end }}
  behavior:
    scaleUp:
      stabilizationWindowSeconds: 0
      policies:
        - type: Pods
          value: {{ $a.scaleUpPods }}
          periodSeconds: 60
    scaleDown:
      # Scale in slowly: a tracker or edge pod that leaves drops its connections (agents re-announce, caches refill).
      stabilizationWindowSeconds: {{ $a.scaleDownStabilizationSeconds }}
      policies:
        - type: Pods
          value: 1
          periodSeconds: 120
{{- end }}
{{- end }}
