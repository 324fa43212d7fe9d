import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UNKNOWN_SCHEMA, readJobSchema } from './job-schema.js';

/**
 * Part of the API's /docs/json as @fastify/swagger writes the zod schema of POST /v1/jobs
 * (literal unions as `anyOf` of one-value enums, defaults, descriptions; cut short here).
 */
const body = {
  type: 'object',
  properties: {
    upscale: {
      type: 'object',
      properties: {
        factor: {
          description: 'Super-resolution factor',
          anyOf: [
            { type: 'number', enum: [2] },
            { type: 'number', enum: [4] },
          ],
        },
        height: {
          description: 'Exact output height, e.g. 2160: the mode',
          type: 'integer',
          minimum: 16,
          maximum: 4320,
        },
      },
      additionalProperties: false,
    },
    interpolate: {
      type: 'object',
      properties: {
        sceneThreshold: {
          default: 10,
          description: 'Scene-cut score (ffmpeg scdet, 0–100) ab',
          type: 'number',
          minimum: 0,
          maximum: 100,
        },
        dedupe: {
          default: false,
          description: 'Treat repeated source frames (old film p',
          type: 'boolean',
        },
        dedupeThreshold: {
          default: 0.06,
          description: 'With dedupe: a frame whose mean absolute',
          type: 'number',
          minimum: 0,
          maximum: 10,
        },
      },
      additionalProperties: false,
    },
    output: {
      default: { codec: 'h264', container: 'mp4' },
      type: 'object',
      properties: {
        codec: { default: 'h264', type: 'string', enum: ['h264', 'hevc', 'av1'] },
        crf: {
          description: 'Quality: h264 0–51 (18), hevc 0–51 (22),',
          type: 'integer',
          minimum: 0,
          maximum: 63,
        },
        container: { default: 'mp4', type: 'string', enum: ['mp4', 'mkv', 'webm'] },
        bitDepth: {
          description: 'Bits per sample of the output: 10 keeps ',
          anyOf: [
            { type: 'number', enum: [8] },
            { type: 'number', enum: [10] },
          ],
        },
      },
      additionalProperties: false,
    },
    webhook: {
      type: 'object',
      properties: {
        events: {
          description: 'Events to send; completed, failed and ca',
          minItems: 1,
          type: 'array',
          items: {
            type: 'string',
            enum: ['job.completed', 'job.failed', 'job.canceled', 'job.progress'],
          },
        },
      },
      required: ['url'],
      additionalProperties: false,
    },
  },
};
const openapi = {
  openapi: '3.0.3',
  paths: {
    '/v1/jobs': { post: { requestBody: { content: { 'application/json': { schema: body } } } } },
  },
};

test('choices come from enums and unions of literals, with the default', () => {
  const rule = readJobSchema(openapi);
  assert.deepEqual(rule('upscale.factor').values, [2, 4]);
  assert.deepEqual(rule('output.bitDepth').values, [8, 10]);
  assert.deepEqual(rule('output.codec').values, ['h264', 'hevc', 'av1']);
  assert.equal(rule('output.codec').default, 'h264');
  assert.deepEqual(rule('output.container').values, ['mp4', 'mkv', 'webm']);
  assert.deepEqual(rule('webhook.events').values, [
    'job.completed',
    'job.failed',
    'job.canceled',
    'job.progress',
  ]);
});

test('ranges, integer steps, defaults and descriptions', () => {
  const rule = readJobSchema(openapi);
  assert.deepEqual(rule('interpolate.dedupeThreshold'), {
    values: [],
    min: 0,
    max: 10,
    integer: false,
    default: 0.06,
    description: body.properties.interpolate.properties.dedupeThreshold.description,
  });
  assert.equal(rule('interpolate.dedupe').default, false);
  assert.deepEqual(
    [rule('output.crf').min, rule('output.crf').max, rule('output.crf').integer],
    [0, 63, true],
  );
  assert.deepEqual([rule('upscale.height').min, rule('upscale.height').max], [16, 4320]);
});

test('a field the schema lacks is free; a document without the route is refused', () => {
  const rule = readJobSchema(openapi);
  assert.deepEqual(rule('output.nothing'), { values: [], integer: false });
  assert.deepEqual(rule('chunk.frames'), { values: [], integer: false });
  assert.throws(() => readJobSchema({ paths: {} }), /no schema for POST \/v1\/jobs/);
  assert.deepEqual(UNKNOWN_SCHEMA('output.codec').values, []);
});

test('an optional object written as anyOf (zod .optional().nullable()) is looked through', () => {
  const wrapped = {
    paths: {
      '/v1/jobs': {
        post: {
          requestBody: {
            content: {
              'application/json': {
                schema: {
                  properties: { output: { anyOf: [body.properties.output, { type: 'null' }] } },
                },
              },
            },
          },
        },
      },
    },
  };
  assert.deepEqual(readJobSchema(wrapped)('output.container').values, ['mp4', 'mkv', 'webm']);
});

test('restore: modes from enums (through anyOf), a strength and a σ inside their object branch', () => {
  const restore = {
    type: 'object',
    properties: {
      deinterlace: { default: 'auto', type: 'string', enum: ['auto', 'off', 'frame', 'field'] },
      deflicker: {
        default: 'off',
        description: 'Even out frame-to-frame brightness',
        anyOf: [
          { type: 'string', enum: ['auto', 'off'] },
          {
            type: 'object',
            properties: { strength: { type: 'number', minimum: 0, maximum: 1 } },
            required: ['strength'],
            additionalProperties: false,
          },
        ],
      },
      denoise: {
        default: 'off',
        anyOf: [
          { type: 'string', enum: ['auto', 'off'] },
          {
            type: 'object',
            properties: {
              model: { type: 'string' },
              strength: { type: 'number', minimum: 0, maximum: 50, description: 'Noise σ' },
            },
            additionalProperties: false,
          },
        ],
      },
      deblock: {
        default: 'off',
        anyOf: [
          { type: 'string', enum: ['off'] },
          { type: 'object', properties: { model: { type: 'string' } } },
        ],
      },
    },
  };
  const rule = readJobSchema({
    paths: {
      '/v1/jobs': {
        post: {
          requestBody: {
            content: { 'application/json': { schema: { properties: { restore } } } },
          },
        },
      },
    },
  });
  assert.deepEqual(rule('restore.deinterlace').values, ['auto', 'off', 'frame', 'field']);
  assert.deepEqual(
    [rule('restore.deflicker').values, rule('restore.deflicker').default],
    [['auto', 'off'], 'off'],
  );
  assert.deepEqual(
    [rule('restore.deflicker.strength').min, rule('restore.deflicker.strength').max],
    [0, 1],
  );
  assert.deepEqual(rule('restore.denoise.strength'), {
    ...{ values: [], min: 0, max: 50, integer: false, description: 'Noise σ' },
  });
  assert.deepEqual(rule('restore.deblock').values, ['off']);
});
