{{- define "millwright-operator.name" -}}millwright-operator{{- end -}}

{{- define "millwright-operator.labels" -}}
app.kubernetes.io/name: millwright-operator
app.kubernetes.io/part-of: millwright
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "millwright-operator.selector" -}}
app.kubernetes.io/name: millwright-operator
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "millwright-operator.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end -}}

{{/* Exactly what the operator calls; docs/kubernetes.md (Operator permissions) explains each rule. */}}
{{- define "millwright-operator.rules" -}}
- apiGroups: ["millwright.io"]
  resources: ["sites", "machines"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["millwright.io"]
  resources: ["sites/status", "machines/status"]
  verbs: ["get", "patch", "update"]
- apiGroups: ["apps"]
  resources: ["deployments", "statefulsets"]
  verbs: ["list", "watch", "create", "patch", "delete"]
- apiGroups: [""]
  resources: ["services", "configmaps", "serviceaccounts"]
  verbs: ["list", "create", "patch", "delete"]
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["create"]
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["list"]
- apiGroups: ["policy"]
  resources: ["poddisruptionbudgets"]
  verbs: ["list", "create", "patch", "delete"]
- apiGroups: ["networking.k8s.io"]
  resources: ["networkpolicies"]
  verbs: ["list", "create", "patch", "delete"]
{{- end -}}
