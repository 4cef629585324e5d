// Public surface of the graph: the model built from a definition, its layout, and the text helpers
// the renderer shares with layout.

export {
  buildGraphModel,
  buildGraphModelFromDocument,
  escapeIdSegment,
  startMarkerId,
  endMarkerId,
  type DanglingTransition,
  type GraphEdge,
  type GraphEdgeKind,
  type GraphModel,
  type GraphNode,
  type GraphNodeKind,
} from './model';
export {
  layoutGraph,
  type Box,
  type GraphLayout,
  type LaidOutEdge,
  type LaidOutNode,
  type Point,
} from './layout';
export { describeChoiceRule, describeErrorEquals, shortenLabel, MAX_EDGE_LABEL_CHARS } from './labels';
export { shortResource, stateDetail } from './details';
export { estimateTextWidth, truncateToWidth, wrapText, type WrappedText } from './text';
export { GRAPH_METRICS } from './metrics';
export {
  runOverlay,
  edgesBetween,
  nodeOverlayClasses,
  edgeOverlayClasses,
  type GraphOverlay,
  type NodeOverlayClass,
  type EdgeOverlayClass,
} from './overlay';
