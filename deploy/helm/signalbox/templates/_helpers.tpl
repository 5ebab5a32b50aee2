{{/* The variables both processes read (docs/operations.md, Settings and Secure connections). */}}
{{- define "signalbox.env" -}}
- { name: TEMPORAL_ADDRESS, value: {{ .Values.temporal.address | quote }} }
- { name: TEMPORAL_NAMESPACE, value: {{ .Values.temporal.namespace | quote }} }
- { name: TEMPORAL_TASK_QUEUE, value: {{ .Values.temporal.taskQueue | quote }} }
{{- if .Values.temporal.tlsSecret }}
- { name: TEMPORAL_TLS_CLIENT_CERT_PATH, value: /etc/signalbox/temporal/tls.crt }
- { name: TEMPORAL_TLS_CLIENT_KEY_PATH, value: /etc/signalbox/temporal/tls.key }
- { name: TEMPORAL_TLS_SERVER_CA_CERT_PATH, value: /etc/signalbox/temporal/ca.crt }
{{- end }}
{{- if .Values.temporal.serverName }}
- { name: TEMPORAL_TLS_SERVER_NAME, value: {{ .Values.temporal.serverName | quote }} }
{{- end }}
{{- if .Values.temporal.apiKeySecret }}
- name: TEMPORAL_API_KEY
  valueFrom: { secretKeyRef: { name: {{ .Values.temporal.apiKeySecret }}, key: apiKey } }
{{- end }}
{{- end -}}

{{- define "signalbox.tlsVolume" -}}
{{- if .Values.temporal.tlsSecret }}
volumes:
  - name: temporal-tls
    secret: { secretName: {{ .Values.temporal.tlsSecret }} }
{{- end }}
{{- end -}}

{{- define "signalbox.tlsMount" -}}
{{- if .Values.temporal.tlsSecret }}
volumeMounts:
  - { name: temporal-tls, mountPath: /etc/signalbox/temporal, readOnly: true }
{{- end }}
{{- end -}}
