/**
 * The schema, one migration per step, applied in order and never edited once shipped:
 * add a new entry instead.
 */
export const MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: "users, sessions, hosts",
    sql: `
      CREATE TABLE users (
        id            INTEGER PRIMARY KEY,
        username      TEXT NOT NULL UNIQUE,
        password_hash TEXT NOT NULL,
        role          TEXT NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
        created_at    TEXT NOT NULL
      );
      -- id is sha256 of the cookie token, so a leaked database does not leak live sessions.
      CREATE TABLE sessions (
        id         TEXT PRIMARY KEY,
        user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        last_seen  TEXT NOT NULL
      );
      CREATE INDEX sessions_expires_at ON sessions (expires_at);
      CREATE TABLE hosts (
        id          TEXT PRIMARY KEY,
        name        TEXT NOT NULL,
        url         TEXT NOT NULL UNIQUE,
        token       TEXT NOT NULL,
        created_at  TEXT NOT NULL,
        status      TEXT NOT NULL,
        version     TEXT,
        hostname    TEXT,
        realm_count INTEGER NOT NULL DEFAULT 0,
        last_seen   TEXT,
        problem     TEXT,
        realms_json TEXT NOT NULL DEFAULT '[]'
      );
    `,
  },
  {
    version: 2,
    name: "clusters, members, operations",
    // Membership is the admin API's record of intent; the realms' own JetStream views are the
    // truth about a cluster's health.
    sql: `
      CREATE TABLE clusters (
        name       TEXT PRIMARY KEY,
        created_at TEXT NOT NULL
      );
      CREATE TABLE cluster_members (
        cluster   TEXT NOT NULL REFERENCES clusters (name) ON DELETE CASCADE,
        realm     TEXT NOT NULL UNIQUE,
        host_id   TEXT NOT NULL,
        joined_at TEXT NOT NULL,
        PRIMARY KEY (cluster, realm)
      );
      -- No foreign key to clusters: an operation outlives the cluster it deleted.
      CREATE TABLE operations (
        id          TEXT PRIMARY KEY,
        kind        TEXT NOT NULL,
        cluster     TEXT NOT NULL,
        status      TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
        started_at  TEXT NOT NULL,
        finished_at TEXT,
        steps_json  TEXT NOT NULL,
        error_json  TEXT
      );
      CREATE INDEX operations_cluster ON operations (cluster, started_at);
    `,
  },
  {
    version: 3,
    name: "client connections, client sessions and their timelines",
    // Connections are keyed by server id, cid and start time: a cluster delivers each connect
    // event once per member, and a restarted realm numbers its clients from 1 again.
    sql: `
      CREATE TABLE client_connections (
        conn_key  TEXT PRIMARY KEY,
        server_id TEXT NOT NULL,
        cid       INTEGER NOT NULL,
        realm     TEXT NOT NULL,
        name      TEXT,
        ip        TEXT,
        protocol  TEXT,
        opened_at TEXT NOT NULL,
        closed_at TEXT,
        reason    TEXT
      );
      CREATE INDEX client_connections_open_realm ON client_connections (realm) WHERE closed_at IS NULL;
      CREATE INDEX client_connections_open_name ON client_connections (name) WHERE closed_at IS NULL;
      CREATE INDEX client_connections_closed_at ON client_connections (closed_at);
      CREATE TABLE client_sessions (
        name                TEXT PRIMARY KEY,
        realm               TEXT,
        protocol            TEXT,
        state               TEXT NOT NULL CHECK (state IN ('connected', 'disconnected', 'closed')),
        since               TEXT NOT NULL,
        last_event_at       TEXT NOT NULL,
        failovers           INTEGER NOT NULL DEFAULT 0,
        last_stall_ms       REAL,
        sdk                 INTEGER NOT NULL DEFAULT 0,
        lost                INTEGER NOT NULL DEFAULT 0,
        duplicated          INTEGER NOT NULL DEFAULT 0,
        -- The SDK reports gaps and duplicates since its session started: the last totals seen,
        -- per session object, turn the next report into this failover's share.
        report_session_id   TEXT,
        reported_gaps       INTEGER NOT NULL DEFAULT 0,
        reported_duplicates INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX client_sessions_recent ON client_sessions (last_event_at);
      CREATE INDEX client_sessions_realm ON client_sessions (realm, last_event_at);
      CREATE TABLE session_timeline (
        id               INTEGER PRIMARY KEY,
        session          TEXT NOT NULL REFERENCES client_sessions (name) ON DELETE CASCADE,
        at               TEXT NOT NULL,
        type             TEXT NOT NULL,
        source           TEXT NOT NULL,
        realm            TEXT,
        from_realm       TEXT,
        to_realm         TEXT,
        reason           TEXT,
        stall_ms         REAL,
        resume_eids_json TEXT NOT NULL DEFAULT '{}',
        lost             INTEGER NOT NULL DEFAULT 0,
        duplicated       INTEGER NOT NULL DEFAULT 0,
        -- Every member of a cluster relays each SDK report: the first copy wins.
        dedupe_key       TEXT UNIQUE
      );
      CREATE INDEX session_timeline_session ON session_timeline (session, id);
      CREATE INDEX session_timeline_failovers ON session_timeline (at) WHERE type = 'failover';
    `,
  },
  {
    version: 4,
    name: "failover drills",
    // A drill's steps and report are small and rewritten whole on every change, like operations.
    sql: `
      CREATE TABLE drills (
        id          TEXT PRIMARY KEY,
        realm       TEXT NOT NULL,
        cluster     TEXT,
        action      TEXT NOT NULL,
        observe_ms  INTEGER NOT NULL,
        status      TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
        started_at  TEXT NOT NULL,
        finished_at TEXT,
        steps_json  TEXT NOT NULL,
        report_json TEXT,
        error_json  TEXT
      );
      CREATE INDEX drills_started_at ON drills (started_at);
    `,
  },
  {
    version: 5,
    name: "history samples",
    // Times are epoch milliseconds: the charts' range scans compare numbers, not ISO strings.
    // Rows older than an hour are deleted by the history service; both tables stay bounded.
    sql: `
      CREATE TABLE realm_samples (
        realm                   TEXT NOT NULL,
        at                      INTEGER NOT NULL,
        -- The realm process's start: its message counters count from there.
        started_at              TEXT NOT NULL,
        messages_in_per_second  REAL NOT NULL,
        messages_out_per_second REAL NOT NULL,
        messages_in             INTEGER NOT NULL,
        messages_out            INTEGER NOT NULL,
        connections             INTEGER NOT NULL,
        replica_lag             INTEGER,
        PRIMARY KEY (realm, at)
      ) WITHOUT ROWID;
      CREATE INDEX realm_samples_at ON realm_samples (at);
      -- Events stored in a cluster's channels and queues between two listings (since → at).
      CREATE TABLE cluster_growth (
        cluster   TEXT NOT NULL,
        at        INTEGER NOT NULL,
        since     INTEGER NOT NULL,
        published INTEGER NOT NULL,
        PRIMARY KEY (cluster, at)
      ) WITHOUT ROWID;
      CREATE INDEX cluster_growth_at ON cluster_growth (at);
    `,
  },
  {
    version: 6,
    name: "audit log",
    // Append-only for the application too: the triggers refuse every UPDATE and DELETE (they do
    // not stop someone who can write the file itself). Nothing deletes old entries: no cap.
    sql: `
      CREATE TABLE audit_log (
        id        INTEGER PRIMARY KEY AUTOINCREMENT,
        at        TEXT NOT NULL,
        username  TEXT,
        role      TEXT,
        action    TEXT NOT NULL,
        method    TEXT NOT NULL,
        path      TEXT NOT NULL,
        target    TEXT NOT NULL,
        params    TEXT,
        result    TEXT NOT NULL,
        status    INTEGER NOT NULL,
        client_ip TEXT
      );
      CREATE INDEX audit_log_at ON audit_log (at);
      CREATE INDEX audit_log_username ON audit_log (username, id);
      CREATE INDEX audit_log_action ON audit_log (action, id);
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: entries are never changed'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: entries are never deleted'); END;
    `,
  },
  {
    version: 7,
    name: "users' last login",
    // Sessions are deleted when they end, so the last login cannot be read back from them.
    sql: `ALTER TABLE users ADD COLUMN last_login_at TEXT;`,
  },
  {
    version: 8,
    name: "application credentials",
    // The bcrypt hash is what realms check: the password itself is shown once and kept nowhere.
    sql: `
      CREATE TABLE app_credentials (
        name             TEXT PRIMARY KEY,
        password_hash    TEXT NOT NULL,
        permissions_json TEXT NOT NULL,
        created_at       TEXT NOT NULL,
        updated_at       TEXT NOT NULL,
        password_set_at  TEXT NOT NULL
      );
    `,
  },
];
