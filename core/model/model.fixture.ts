// One nested machine (a Parallel holding a Map and a legacy Iterator Map) written in JSON and in YAML: the
// definition model's tests read it both ways.

export const JSON_MACHINE = `{
  "Comment": "nested",
  "StartAt": "Work",
  "States": {
    "Work": {
      "Type": "Parallel",
      "Branches": [
        {
          "StartAt": "Fan",
          "States": {
            "Fan": {
              "Type": "Map",
              "ItemProcessor": {
                "StartAt": "Inner",
                "States": {
                  "Inner": { "Type": "Pass", "End": true }
                }
              },
              "End": true
            }
          }
        },
        {
          "StartAt": "Legacy",
          "States": {
            "Legacy": {
              "Type": "Map",
              "Iterator": {
                "StartAt": "Old",
                "States": { "Old": { "Type": "Succeed" } }
              },
              "End": true
            }
          }
        }
      ],
      "Next": "Done"
    },
    "Done": { "Type": "Succeed" }
  }
}
`;

export const YAML_MACHINE = `Comment: nested
StartAt: Work
States:
  Work:
    Type: Parallel
    Branches:
      - StartAt: Fan
        States:
          Fan:
            Type: Map
            ItemProcessor:
              StartAt: Inner
              States:
                Inner: {Type: Pass, End: true}
            End: true
      - StartAt: Legacy
        States:
          Legacy:
            Type: Map
            Iterator:
              StartAt: Old
              States: {Old: {Type: Succeed}}
            End: true
    Next: Done
  Done:
    Type: Succeed
`;
