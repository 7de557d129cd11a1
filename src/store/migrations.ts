/**
 * The run database's schema, one migration per version (PRAGMA user_version). Never edit a
 * migration that has shipped: add the next one. The README documents these tables.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: runs, their epochs, the weights and PRNG state after each epoch.
  `
  CREATE TABLE runs (
    id                  INTEGER PRIMARY KEY,
    name                TEXT NOT NULL,
    status              TEXT NOT NULL,          -- running | completed | interrupted | failed
    config_yaml         TEXT NOT NULL,          -- the experiment file, verbatim
    overrides_json      TEXT NOT NULL,          -- the --set overrides as given, e.g. ["learning_rate=0.1"]
    config_json         TEXT NOT NULL,          -- the validated experiment, defaults and batches_per_epoch filled in
    config_hash         TEXT NOT NULL,          -- SHA-256 of config_json
    seed                INTEGER NOT NULL,
    epochs              INTEGER NOT NULL,       -- epochs planned
    experiment_path     TEXT NOT NULL,          -- absolute path of the experiment file
    data_source         TEXT NOT NULL,          -- mnist | files
    train_images_sha256 TEXT NOT NULL,
    train_labels_sha256 TEXT NOT NULL,
    test_images_sha256  TEXT NOT NULL,
    test_labels_sha256  TEXT NOT NULL,
    code_version        TEXT NOT NULL,
    pid                 INTEGER,                -- the process training it (or that last did)
    host                TEXT,
    created_at          TEXT NOT NULL,          -- ISO 8601, UTC
    finished_at         TEXT,
    error               TEXT                    -- why a failed run failed
  );

  CREATE TABLE epochs (
    run_id        INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    epoch         INTEGER NOT NULL,             -- 1-based
    cross_entropy REAL NOT NULL,                -- mean of the epoch's mini-batch losses, as the report prints
    seconds       REAL NOT NULL,                -- training time of the epoch
    finished_at   TEXT NOT NULL,
    PRIMARY KEY (run_id, epoch)
  ) WITHOUT ROWID;

  -- The parameters after each epoch (epoch 0: as initialised).
  CREATE TABLE weights (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    epoch  INTEGER NOT NULL,
    name   TEXT NOT NULL,                       -- w1 | b1 | w2 | b2
    shape  TEXT NOT NULL,                       -- JSON, row-major: [32,784], [32], [10,32], [10]
    dtype  TEXT NOT NULL,                       -- float32le
    data   BLOB NOT NULL,                       -- 4 bytes per value, little-endian
    PRIMARY KEY (run_id, epoch, name)
  );

  -- What an exact resume needs besides the weights, as of each epoch's end (epoch 0: after init).
  CREATE TABLE checkpoints (
    run_id    INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    epoch     INTEGER NOT NULL,
    rng_state BLOB NOT NULL,                    -- 16 bytes: the xoshiro128** state, little-endian words
    PRIMARY KEY (run_id, epoch)
  ) WITHOUT ROWID;

  `,
  // 2: what tells a dead training process from a live one, and a log of resumes.
  `
  ALTER TABLE runs ADD COLUMN process_start TEXT;  -- the training process's start time (tells a reused pid apart)
  ALTER TABLE runs ADD COLUMN heartbeat_at TEXT;   -- the last sign of life of that process

  -- Every resume of a run (runner resume).
  CREATE TABLE resumes (
    run_id       INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    resumed_at   TEXT NOT NULL,
    from_epoch   INTEGER NOT NULL,              -- the checkpoint it continued from
    epochs       INTEGER NOT NULL,              -- the epochs planned from then on
    code_version TEXT NOT NULL,
    pid          INTEGER NOT NULL,
    host         TEXT NOT NULL,
    data_changed TEXT                           -- with --force: the data files whose SHA-256 differed
  );
  `,
  // 3: views for the common questions, so the sqlite3 shell answers them in one line.
  `
  CREATE VIEW epoch_losses AS
    SELECT e.run_id, r.name, e.epoch, e.cross_entropy, e.seconds
    FROM epochs e JOIN runs r ON r.id = e.run_id;

  CREATE VIEW run_summary AS
    SELECT r.id, r.name, r.status, r.seed,
      json_extract(r.config_json, '$.learning_rate') AS learning_rate,
      json_extract(r.config_json, '$.units') AS units,
      json_extract(r.config_json, '$.batch_size') AS batch_size,
      json_extract(r.config_json, '$.activation') AS activation,
      json_extract(r.config_json, '$.data.normalize') AS normalize,
      (SELECT count(*) FROM epochs e WHERE e.run_id = r.id) AS epochs_done,
      r.epochs,
      (SELECT cross_entropy FROM epochs e WHERE e.run_id = r.id ORDER BY epoch DESC LIMIT 1) AS last_cross_entropy,
      (SELECT min(cross_entropy) FROM epochs e WHERE e.run_id = r.id) AS best_cross_entropy,
      (SELECT sum(seconds) FROM epochs e WHERE e.run_id = r.id) AS train_seconds,
      r.created_at, r.finished_at
    FROM runs r;
  `,
  // 4: test-set evaluations per (run, epoch), runs imported from .npz files, and the views with both.
  `
  -- runner eval: the accuracy and cross-entropy of an epoch's weights on the test images.
  CREATE TABLE evaluations (
    run_id             INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    epoch              INTEGER NOT NULL,        -- the weights evaluated (0: as initialised, or as imported)
    test_accuracy      REAL NOT NULL,           -- fraction of test images whose argmax is the label, 0..1
    test_cross_entropy REAL NOT NULL,           -- mean cross-entropy over the test images
    test_images        INTEGER NOT NULL,        -- how many test images
    test_correct       INTEGER NOT NULL,
    test_images_sha256 TEXT NOT NULL,           -- the test files evaluated on
    test_labels_sha256 TEXT NOT NULL,
    code_version       TEXT NOT NULL,
    evaluated_at       TEXT NOT NULL,
    PRIMARY KEY (run_id, epoch)
  ) WITHOUT ROWID;

  -- runner import: where an imported run's weights came from (NULL for trained runs).
  ALTER TABLE runs ADD COLUMN imported_from TEXT;    -- absolute path of the .npz file
  ALTER TABLE runs ADD COLUMN imported_sha256 TEXT;  -- SHA-256 of its bytes

  DROP VIEW epoch_losses;
  CREATE VIEW epoch_losses AS
    SELECT e.run_id, r.name, e.epoch, e.cross_entropy, e.seconds, v.test_accuracy, v.test_cross_entropy
    FROM epochs e JOIN runs r ON r.id = e.run_id
    LEFT JOIN evaluations v ON v.run_id = e.run_id AND v.epoch = e.epoch;

  DROP VIEW run_summary;
  CREATE VIEW run_summary AS
    SELECT r.id, r.name, r.status, r.seed,
      json_extract(r.config_json, '$.learning_rate') AS learning_rate,
      json_extract(r.config_json, '$.units') AS units,
      json_extract(r.config_json, '$.batch_size') AS batch_size,
      json_extract(r.config_json, '$.activation') AS activation,
      json_extract(r.config_json, '$.data.normalize') AS normalize,
      (SELECT count(*) FROM epochs e WHERE e.run_id = r.id) AS epochs_done,
      r.epochs,
      (SELECT cross_entropy FROM epochs e WHERE e.run_id = r.id ORDER BY epoch DESC LIMIT 1) AS last_cross_entropy,
      (SELECT min(cross_entropy) FROM epochs e WHERE e.run_id = r.id) AS best_cross_entropy,
      (SELECT max(test_accuracy) FROM evaluations v WHERE v.run_id = r.id) AS best_test_accuracy,
      (SELECT epoch FROM evaluations v WHERE v.run_id = r.id ORDER BY epoch DESC LIMIT 1) AS last_evaluated_epoch,
      (SELECT test_accuracy FROM evaluations v WHERE v.run_id = r.id ORDER BY epoch DESC LIMIT 1) AS last_test_accuracy,
      (SELECT test_cross_entropy FROM evaluations v WHERE v.run_id = r.id ORDER BY epoch DESC LIMIT 1) AS last_test_cross_entropy,
      (SELECT sum(seconds) FROM epochs e WHERE e.run_id = r.id) AS train_seconds,
      r.created_at, r.finished_at
    FROM runs r;
  `,
  // 5: sweeps (runner FILE.yaml with a sweep block): the sweep, and each trial's run.
  `
  CREATE TABLE sweeps (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL,
    config_hash     TEXT NOT NULL UNIQUE,   -- SHA-256 of the validated experiment, sweep block and overrides included
    config_yaml     TEXT NOT NULL,          -- the experiment file, verbatim
    overrides_json  TEXT NOT NULL,          -- the --set overrides as given
    experiment_path TEXT NOT NULL,          -- absolute path of the experiment file
    swept_keys_json TEXT NOT NULL,          -- the swept keys in order, e.g. ["learning_rate","units"] (and "seed" with repeat)
    trials          INTEGER NOT NULL,       -- how many points the grid has
    created_at      TEXT NOT NULL
  );

  ALTER TABLE runs ADD COLUMN sweep_id INTEGER REFERENCES sweeps(id);
  ALTER TABLE runs ADD COLUMN trial INTEGER;        -- the run's point in its sweep's grid, from 0
  ALTER TABLE runs ADD COLUMN swept_json TEXT;      -- that point's values, e.g. {"learning_rate":0.01,"units":32}
  -- One run per trial: what keeps two runner processes from training the same trial.
  CREATE UNIQUE INDEX runs_sweep_trial ON runs (sweep_id, trial) WHERE sweep_id IS NOT NULL;

  CREATE VIEW sweep_results AS
    SELECT r.sweep_id, r.trial, r.id AS run_id, r.name, r.status, r.swept_json,
      (SELECT count(*) FROM epochs e WHERE e.run_id = r.id) AS epochs_done,
      r.epochs,
      (SELECT cross_entropy FROM epochs e WHERE e.run_id = r.id ORDER BY epoch DESC LIMIT 1) AS last_cross_entropy,
      (SELECT test_accuracy FROM evaluations v WHERE v.run_id = r.id ORDER BY epoch DESC LIMIT 1) AS test_accuracy,
      (SELECT test_cross_entropy FROM evaluations v WHERE v.run_id = r.id ORDER BY epoch DESC LIMIT 1) AS test_cross_entropy,
      (SELECT sum(seconds) FROM epochs e WHERE e.run_id = r.id) AS train_seconds
    FROM runs r WHERE r.sweep_id IS NOT NULL;
  `,
  // 6: declarable networks and optimizers: the optimizer's state in every checkpoint, and
  // each run's architecture and optimizer, resolved, for the listings and views.
  `
  -- The optimizer's state after each epoch (epoch 0: as initialised), like the weights:
  -- name <parameter>.<slot>, e.g. w1.m and w1.v (Adam), w1.delta (momentum's ΔW), w1.h (AdaGrad, RMSProp, AdaDelta), w1.s (AdaDelta).
  CREATE TABLE optimizer_state (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    epoch  INTEGER NOT NULL,
    name   TEXT NOT NULL,
    shape  TEXT NOT NULL,                       -- JSON, row-major: the parameter's shape
    dtype  TEXT NOT NULL,                       -- float32le
    data   BLOB NOT NULL,
    PRIMARY KEY (run_id, epoch, name)
  );
  ALTER TABLE checkpoints ADD COLUMN optimizer_step INTEGER NOT NULL DEFAULT 0;  -- updates so far (Adam's t)

  ALTER TABLE runs ADD COLUMN architecture TEXT;    -- e.g. 784-32-10, 784-256bn-128d0.4-10
  ALTER TABLE runs ADD COLUMN activations TEXT;     -- the hidden layers': sigmoid, relu, or relu,sigmoid
  ALTER TABLE runs ADD COLUMN optimizer TEXT;       -- sgd | momentum | adagrad | rmsprop | adadelta | adam
  ALTER TABLE runs ADD COLUMN optimizer_json TEXT;  -- its hyper-parameters, defaults filled in, e.g. {"name":"sgd","learning_rate":0.01}
  -- Every earlier run trained one hidden layer with plain SGD: its shapes say the rest.
  UPDATE runs SET
    architecture = (SELECT json_extract(w1.shape, '$[1]') || '-' || json_extract(w1.shape, '$[0]') || '-' || json_extract(w2.shape, '$[0]')
      FROM weights w1 JOIN weights w2 ON w2.run_id = w1.run_id AND w2.epoch = w1.epoch AND w2.name = 'w2'
      WHERE w1.run_id = runs.id AND w1.epoch = 0 AND w1.name = 'w1'),
    activations = json_extract(config_json, '$.activation'),
    optimizer = 'sgd',
    optimizer_json = json_object('name', 'sgd', 'learning_rate', json_extract(config_json, '$.learning_rate'));

  DROP VIEW run_summary;
  CREATE VIEW run_summary AS
    SELECT r.id, r.name, r.status, r.seed,
      json_extract(r.optimizer_json, '$.learning_rate') AS learning_rate,
      json_extract(r.config_json, '$.units') AS units,
      json_extract(r.config_json, '$.batch_size') AS batch_size,
      r.activations AS activation,
      json_extract(r.config_json, '$.data.normalize') AS normalize,
      (SELECT count(*) FROM epochs e WHERE e.run_id = r.id) AS epochs_done,
      r.epochs,
      (SELECT cross_entropy FROM epochs e WHERE e.run_id = r.id ORDER BY epoch DESC LIMIT 1) AS last_cross_entropy,
      (SELECT min(cross_entropy) FROM epochs e WHERE e.run_id = r.id) AS best_cross_entropy,
      (SELECT max(test_accuracy) FROM evaluations v WHERE v.run_id = r.id) AS best_test_accuracy,
      (SELECT epoch FROM evaluations v WHERE v.run_id = r.id ORDER BY epoch DESC LIMIT 1) AS last_evaluated_epoch,
      (SELECT test_accuracy FROM evaluations v WHERE v.run_id = r.id ORDER BY epoch DESC LIMIT 1) AS last_test_accuracy,
      (SELECT test_cross_entropy FROM evaluations v WHERE v.run_id = r.id ORDER BY epoch DESC LIMIT 1) AS last_test_cross_entropy,
      (SELECT sum(seconds) FROM epochs e WHERE e.run_id = r.id) AS train_seconds,
      r.created_at, r.finished_at,
      r.architecture, r.optimizer
    FROM runs r;
  `,
  // 7: a store shared by several machines (PostgreSQL, or one file): fencing tokens for
  // claims, a sweep identity free of machine-local paths, and tensor order as a column.
  `
  ALTER TABLE runs ADD COLUMN claim_generation INTEGER NOT NULL DEFAULT 0;  -- raised by every claim; an epoch commits only under the current one
  ALTER TABLE runs ADD COLUMN takeovers INTEGER NOT NULL DEFAULT 0;         -- claims made from an owner gone silent
  UPDATE runs SET claim_generation = 1 WHERE status <> 'imported';

  ALTER TABLE sweeps ADD COLUMN spec_hash TEXT;          -- SHA-256 of the experiment and overrides alone (the data left out)
  ALTER TABLE sweeps ADD COLUMN data_sha256_json TEXT;   -- the data files' SHA-256 the sweep trains on, by role
  CREATE INDEX sweeps_spec_hash ON sweeps (spec_hash);

  -- The order a run's tensors were written in (w1, b1, w2, b2, …), which the network's layout follows.
  ALTER TABLE weights ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
  UPDATE weights SET position = (SELECT count(*) FROM weights o
    WHERE o.run_id = weights.run_id AND o.epoch = weights.epoch AND o.rowid < weights.rowid);
  ALTER TABLE optimizer_state ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
  UPDATE optimizer_state SET position = (SELECT count(*) FROM optimizer_state o
    WHERE o.run_id = optimizer_state.run_id AND o.epoch = optimizer_state.epoch AND o.rowid < optimizer_state.rowid);
  `,
  // 8: held-out validation per epoch, and successive halving's rungs.
  `
  ALTER TABLE epochs ADD COLUMN val_cross_entropy REAL;  -- mean cross-entropy over data.validation's held-out images; NULL without them
  ALTER TABLE epochs ADD COLUMN val_accuracy REAL;       -- the fraction of them whose argmax is the label, 0..1

  ALTER TABLE runs ADD COLUMN rung INTEGER;     -- a halving sweep's trial: the rung it has reached (0: the first); NULL otherwise
  ALTER TABLE runs ADD COLUMN pruned INTEGER;   -- a halving sweep's trial: 1 once its rung was decided without it (a completed one stopped there; a failed one too), else 0

  DROP VIEW epoch_losses;
  CREATE VIEW epoch_losses AS
    SELECT e.run_id, r.name, e.epoch, e.cross_entropy, e.seconds, v.test_accuracy, v.test_cross_entropy,
      e.val_cross_entropy, e.val_accuracy
    FROM epochs e JOIN runs r ON r.id = e.run_id
    LEFT JOIN evaluations v ON v.run_id = e.run_id AND v.epoch = e.epoch;

  DROP VIEW run_summary;
  CREATE VIEW run_summary AS
    SELECT r.id, r.name, r.status, r.seed,
      json_extract(r.optimizer_json, '$.learning_rate') AS learning_rate,
      json_extract(r.config_json, '$.units') AS units,
      json_extract(r.config_json, '$.batch_size') AS batch_size,
      r.activations AS activation,
      json_extract(r.config_json, '$.data.normalize') AS normalize,
      (SELECT count(*) FROM epochs e WHERE e.run_id = r.id) AS epochs_done,
      r.epochs,
      (SELECT cross_entropy FROM epochs e WHERE e.run_id = r.id ORDER BY epoch DESC LIMIT 1) AS last_cross_entropy,
      (SELECT min(cross_entropy) FROM epochs e WHERE e.run_id = r.id) AS best_cross_entropy,
      (SELECT max(test_accuracy) FROM evaluations v WHERE v.run_id = r.id) AS best_test_accuracy,
      (SELECT epoch FROM evaluations v WHERE v.run_id = r.id ORDER BY epoch DESC LIMIT 1) AS last_evaluated_epoch,
      (SELECT test_accuracy FROM evaluations v WHERE v.run_id = r.id ORDER BY epoch DESC LIMIT 1) AS last_test_accuracy,
      (SELECT test_cross_entropy FROM evaluations v WHERE v.run_id = r.id ORDER BY epoch DESC LIMIT 1) AS last_test_cross_entropy,
      (SELECT sum(seconds) FROM epochs e WHERE e.run_id = r.id) AS train_seconds,
      r.created_at, r.finished_at,
      r.architecture, r.optimizer,
      (SELECT val_cross_entropy FROM epochs e WHERE e.run_id = r.id ORDER BY epoch DESC LIMIT 1) AS last_val_cross_entropy,
      (SELECT val_accuracy FROM epochs e WHERE e.run_id = r.id ORDER BY epoch DESC LIMIT 1) AS last_val_accuracy,
      (SELECT min(val_cross_entropy) FROM epochs e WHERE e.run_id = r.id) AS best_val_cross_entropy,
      (SELECT max(val_accuracy) FROM epochs e WHERE e.run_id = r.id) AS best_val_accuracy
    FROM runs r;

  DROP VIEW sweep_results;
  CREATE VIEW sweep_results AS
    SELECT r.sweep_id, r.trial, r.id AS run_id, r.name, r.status, r.swept_json,
      (SELECT count(*) FROM epochs e WHERE e.run_id = r.id) AS epochs_done,
      r.epochs,
      (SELECT cross_entropy FROM epochs e WHERE e.run_id = r.id ORDER BY epoch DESC LIMIT 1) AS last_cross_entropy,
      (SELECT test_accuracy FROM evaluations v WHERE v.run_id = r.id ORDER BY epoch DESC LIMIT 1) AS test_accuracy,
      (SELECT test_cross_entropy FROM evaluations v WHERE v.run_id = r.id ORDER BY epoch DESC LIMIT 1) AS test_cross_entropy,
      (SELECT sum(seconds) FROM epochs e WHERE e.run_id = r.id) AS train_seconds,
      (SELECT val_cross_entropy FROM epochs e WHERE e.run_id = r.id ORDER BY epoch DESC LIMIT 1) AS last_val_cross_entropy,
      (SELECT val_accuracy FROM epochs e WHERE e.run_id = r.id ORDER BY epoch DESC LIMIT 1) AS last_val_accuracy,
      r.rung, r.pruned,
      (SELECT epoch FROM evaluations v WHERE v.run_id = r.id ORDER BY epoch DESC LIMIT 1) AS evaluated_epoch
    FROM runs r WHERE r.sweep_id IS NOT NULL;
  `,
];
