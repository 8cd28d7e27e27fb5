export const USAGE = `doppel — self-hosted digital twin platform

Usage:
  doppel start [--config FILE] [--data DIR] [--http-port N] [--mqtt-port N] [--host ADDR]
               [--no-sim] [--no-demo] [--no-history] [--fsync always|interval|never] [--log-level LEVEL]
  doppel models add FILE|DIR...        upload DTDL models (a file may hold one model or an array)
  doppel models list
  doppel models check FILE|DIR... [--json] [--allow-undefined-extensions]
                                        validate DTDL offline: exit 0 valid, 1 invalid, 2 usage
  doppel twins add FILE|DIR...          create or replace twins ({"$dtId", "$metadata": {"$model"}, …})
  doppel twins get ID
  doppel relationships add FILE|DIR...  create relationships ({"$relationshipId", "$sourceId", "$targetId", "$relationshipName"})
  doppel import DIR                     models, then twins, then relationships from a folder of JSON files
  doppel graph export [--out FILE]      the whole graph as NDJSON in Azure Digital Twins' import format
  doppel graph import FILE [--kind twins|relationships]
                                        import that NDJSON (or a .csv of twins or relationships):
                                        batches of 1,000 lines, each all or nothing; prints every
                                        refused line; exit 1 if any
  doppel alerts export [--out FILE]     the alert rules and channels as one JSON file (docs/alerts.md)
  doppel alerts import FILE [--merge]   put a rule set file in place (checked whole; --merge keeps
                                        the rules and channels it does not name)
  doppel ml upload NAME VERSION FILE   upload an ONNX model file as a new version (docs/models.md)
  doppel ml list                       the uploaded models and their versions
  doppel ml bind FILE                  create or replace a binding from a JSON file ({"id", "modelId",
                                        "mlModel", "version", "inputs", "outputProperty", …})
  doppel ml bindings                   bindings with their counters, shadow comparison and drift
  doppel ml promote BINDING            make the binding's shadow version the active one
  doppel query "SELECT …" [--json] [--all]
                                        twin query (Azure Digital Twins' language, docs/query.md); --all
                                        follows continuation tokens, EXPLAIN SELECT … prints the plan
  doppel sql "SELECT …" [--json]        read-only SQL over history (docs/history.md)
  doppel history export TWIN --path a,b --from TIME --to TIME [--format csv|ndjson|parquet]
               [--step 1m --agg avg --tz ZONE] [--out FILE]
                                        download a range of history (to stdout without --out)
  doppel deadletters list [--twin ID] [--reason CODE]

Commands other than start and models check talk to a running platform:
  --url URL   (default $DOPPEL_URL or http://127.0.0.1:8080)
`;
