import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

/** Opset 13: Unsqueeze takes its axes as an input; supported by the onnxruntime inside transformers.js 2.x. */
const OPSET = 13;
const IR_VERSION = 7;

function sequenceInput(name: string): onnxProto.onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: onnx.TensorProto.DataType.INT64,
        shape: { dim: [{ dimParam: 'batch' }, { dimParam: 'sequence' }] },
      },
    },
  };
}

/**
 * Serializes a word-embedding model as ONNX: `last_hidden_state[b, s] = matrix[input_ids[b, s]] * attention_mask[b, s]`.
 * The mask product zeroes padded positions so the graph is right even for a consumer that pools without the mask.
 */
export function encodeEmbeddingModel(matrix: Float32Array, rows: number, dimension: number): Uint8Array {
  if (matrix.length !== rows * dimension) {
    throw new Error(`matrix has ${matrix.length} values, expected rows × dimension = ${rows * dimension}`);
  }
  const weights: onnxProto.onnx.ITensorProto = {
    name: 'embeddings',
    dims: [rows, dimension],
    dataType: onnx.TensorProto.DataType.FLOAT,
    // ONNX raw data is little-endian, as are the machines this runs on.
    rawData: new Uint8Array(matrix.buffer, matrix.byteOffset, matrix.byteLength),
  };
  const lastAxis: onnxProto.onnx.ITensorProto = {
    name: 'last_axis',
    dims: [1],
    dataType: onnx.TensorProto.DataType.INT64,
    int64Data: [-1],
  };
  const graph: onnxProto.onnx.IGraphProto = {
    name: 'word_embeddings',
    initializer: [weights, lastAxis],
    input: [sequenceInput('input_ids'), sequenceInput('attention_mask')],
    output: [
      {
        name: 'last_hidden_state',
        type: {
          tensorType: {
            elemType: onnx.TensorProto.DataType.FLOAT,
            shape: { dim: [{ dimParam: 'batch' }, { dimParam: 'sequence' }, { dimValue: dimension }] },
          },
        },
      },
    ],
    node: [
      { opType: 'Gather', input: ['embeddings', 'input_ids'], output: ['gathered'], name: 'gather' },
      {
        opType: 'Cast',
        input: ['attention_mask'],
        output: ['mask_float'],
        name: 'cast_mask',
        attribute: [{ name: 'to', type: onnx.AttributeProto.AttributeType.INT, i: onnx.TensorProto.DataType.FLOAT }],
      },
      { opType: 'Unsqueeze', input: ['mask_float', 'last_axis'], output: ['mask_column'], name: 'unsqueeze_mask' },
      { opType: 'Mul', input: ['gathered', 'mask_column'], output: ['last_hidden_state'], name: 'apply_mask' },
    ],
  };
  const model: onnxProto.onnx.IModelProto = {
    irVersion: IR_VERSION,
    producerName: 'policy-qa',
    opsetImport: [{ domain: '', version: OPSET }],
    graph,
  };
  return onnx.ModelProto.encode(onnx.ModelProto.create(model)).finish();
}
