// Sizes shared by layout (to measure nodes and labels) and the renderer (to draw them).

export const GRAPH_METRICS = {
  nodeFontSize: 12,
  detailFontSize: 10,
  edgeFontSize: 11,
  headerFontSize: 12,
  branchFontSize: 10,
  lineHeight: 15,
  detailLineHeight: 13,
  nodeMinWidth: 128,
  nodeMaxTextWidth: 170,
  iconAreaWidth: 30,
  nodePaddingRight: 12,
  nodePaddingY: 10,
  choiceExtraWidth: 22,
  markerSize: 22,
  compoundHeaderHeight: 36,
  branchHeaderHeight: 22,
  compoundPadding: 14,
  maxNameLines: 2,
  edgeLabelPaddingX: 5,
  edgeLabelHeight: 16,
} as const;
