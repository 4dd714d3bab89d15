/**
 * A focused JSON schema of the parts of a Kubernetes container spec that these manifests use
 * (core/v1 Container). No cluster or OpenAPI download is needed, and unlike the API server's
 * lenient decoding it rejects unknown keys, so a misspelled probe or resource field fails here.
 */
const QUANTITY = '^[0-9]+(\\.[0-9]+)?(m|Ki|Mi|Gi|Ti|k|M|G)?$';
const intOrName = {
  oneOf: [
    { type: 'integer', minimum: 1, maximum: 65535 },
    { type: 'string', pattern: '^[a-z0-9-]{1,15}$' },
  ],
};
const strings = { type: 'array', items: { type: 'string' }, minItems: 1 };
const keyRef = {
  type: 'object',
  required: ['name', 'key'],
  additionalProperties: false,
  properties: { name: { type: 'string' }, key: { type: 'string' }, optional: { type: 'boolean' } },
};
const probe = {
  type: 'object',
  additionalProperties: false,
  oneOf: [{ required: ['httpGet'] }, { required: ['tcpSocket'] }, { required: ['exec'] }],
  properties: {
    httpGet: {
      type: 'object',
      required: ['path', 'port'],
      additionalProperties: false,
      properties: { path: { type: 'string', pattern: '^/' }, port: intOrName, scheme: { enum: ['HTTP', 'HTTPS'] } },
    },
    tcpSocket: { type: 'object', required: ['port'], additionalProperties: false, properties: { port: intOrName } },
    exec: { type: 'object', required: ['command'], additionalProperties: false, properties: { command: strings } },
    initialDelaySeconds: { type: 'integer', minimum: 0 },
    periodSeconds: { type: 'integer', minimum: 1 },
    timeoutSeconds: { type: 'integer', minimum: 1 },
    failureThreshold: { type: 'integer', minimum: 1 },
    successThreshold: { type: 'integer', minimum: 1 },
  },
};
const resourceList = {
  type: 'object',
  additionalProperties: false,
  required: ['cpu', 'memory'],
  properties: {
    cpu: { type: 'string', pattern: QUANTITY },
    memory: { type: 'string', pattern: QUANTITY },
  },
};

export const K8S_CONTAINER_SCHEMA = {
  type: 'object',
  required: ['name', 'image', 'resources', 'securityContext'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$' },
    image: { type: 'string', pattern: '^[a-z0-9./-]+:[A-Za-z0-9._-]+$' },
    imagePullPolicy: { enum: ['Always', 'IfNotPresent', 'Never'] },
    command: strings,
    args: strings,
    env: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name'],
        additionalProperties: false,
        oneOf: [{ required: ['value'] }, { required: ['valueFrom'] }],
        properties: {
          name: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
          value: { type: 'string' },
          valueFrom: {
            type: 'object',
            additionalProperties: false,
            minProperties: 1,
            maxProperties: 1,
            properties: { secretKeyRef: keyRef, configMapKeyRef: keyRef },
          },
        },
      },
    },
    envFrom: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        properties: {
          configMapRef: {
            type: 'object',
            required: ['name'],
            additionalProperties: false,
            properties: { name: { type: 'string' } },
          },
          secretRef: {
            type: 'object',
            required: ['name'],
            additionalProperties: false,
            properties: { name: { type: 'string' } },
          },
        },
      },
    },
    ports: {
      type: 'array',
      items: {
        type: 'object',
        required: ['containerPort'],
        additionalProperties: false,
        properties: {
          name: { type: 'string', pattern: '^[a-z0-9-]{1,15}$' },
          containerPort: { type: 'integer', minimum: 1, maximum: 65535 },
          protocol: { enum: ['TCP', 'UDP', 'SCTP'] },
        },
      },
    },
    startupProbe: probe,
    livenessProbe: probe,
    readinessProbe: probe,
    resources: {
      type: 'object',
      required: ['requests', 'limits'],
      additionalProperties: false,
      properties: { requests: resourceList, limits: resourceList },
    },
    securityContext: {
      type: 'object',
      additionalProperties: false,
      required: ['allowPrivilegeEscalation', 'capabilities'],
      properties: {
        allowPrivilegeEscalation: { type: 'boolean' },
        readOnlyRootFilesystem: { type: 'boolean' },
        runAsNonRoot: { type: 'boolean' },
        runAsUser: { type: 'integer', minimum: 1 },
        runAsGroup: { type: 'integer', minimum: 0 },
        capabilities: {
          type: 'object',
          additionalProperties: false,
          properties: { drop: strings, add: strings },
        },
      },
    },
    volumeMounts: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'mountPath'],
        additionalProperties: false,
        properties: {
          name: { type: 'string' },
          mountPath: { type: 'string', pattern: '^/' },
          readOnly: { type: 'boolean' },
          subPath: { type: 'string' },
        },
      },
    },
  },
};
