{{/* The chart name, truncated to a DNS label. */}}
{{- define "runbeam-operator.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The full name of the release's objects. */}}
{{- define "runbeam-operator.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* Labels selecting the operator's pods. */}}
{{- define "runbeam-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "runbeam-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Labels on every object. */}}
{{- define "runbeam-operator.labels" -}}
{{ include "runbeam-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: runbeam
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end }}

{{/* The ServiceAccount name. */}}
{{- define "runbeam-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "runbeam-operator.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The operator configuration file. */}}
{{- define "runbeam-operator.config" -}}
{{- $config := deepCopy .Values.config }}
{{- $_ := set $config "watchNamespaces" .Values.watchNamespaces }}
{{- $_ := set $config "leaderElection" (dict
  "enabled" .Values.leaderElection.enabled
  "leaseName" (include "runbeam-operator.fullname" .)
  "leaseNamespace" .Release.Namespace
  "leaseDuration" .Values.leaderElection.leaseDuration
  "renewDeadline" .Values.leaderElection.renewDeadline
  "retryPeriod" .Values.leaderElection.retryPeriod) }}
{{- $_ := set $config "metricsAddress" (printf ":%d" (int .Values.metrics.port)) }}
{{- $_ := set $config "healthAddress" (printf ":%d" (int .Values.health.port)) }}
{{- toYaml $config }}
{{- end }}

{{/* The pod securityContext: podSecurityContext, without fixed IDs under OpenShift (restricted-v2 assigns them). */}}
{{- define "runbeam-operator.podSecurityContext" -}}
{{- $context := deepCopy .Values.podSecurityContext }}
{{- if .Values.openshift }}
{{- $context = omit $context "runAsUser" "runAsGroup" "fsGroup" }}
{{- end }}
{{- toYaml $context }}
{{- end }}
