import type { Database } from 'better-sqlite3';

/**
 * Schema migrations, applied in order inside one transaction each. `PRAGMA user_version` holds
 * the number of the last one applied. Never edit a migration that has shipped: add a new one.
 */
export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'call log, outbox, meta',
    up(db) {
      db.exec(`
        CREATE TABLE calls (
          id            TEXT PRIMARY KEY,
          line          TEXT NOT NULL CHECK (line IN ('training', 'sip')),
          direction     TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound')),
          remote_number TEXT NOT NULL,
          remote_name   TEXT,
          dialed_number TEXT,
          client        TEXT,
          campaign      TEXT,
          ivr_json      TEXT NOT NULL DEFAULT '{}',
          sip_call_id   TEXT,
          ring_at       INTEGER NOT NULL,
          answer_at     INTEGER,
          end_at        INTEGER,
          end_cause     TEXT CHECK (end_cause IN ('completed', 'missed', 'rejected', 'failed')),
          ended_by      TEXT CHECK (ended_by IN ('agent', 'remote', 'system')),
          updated_at    INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX calls_by_ring_at ON calls (ring_at DESC, id DESC);

        -- Every change the backend must learn, written in the same transaction as the change.
        -- The id (uuid v7) doubles as the idempotency key.
        CREATE TABLE outbox (
          id              TEXT PRIMARY KEY,
          topic           TEXT NOT NULL,
          entity_id       TEXT NOT NULL,
          payload         TEXT NOT NULL,
          created_at      INTEGER NOT NULL,
          attempts        INTEGER NOT NULL DEFAULT 0,
          next_attempt_at INTEGER NOT NULL DEFAULT 0,
          last_error      TEXT,
          quarantined_at  INTEGER
        ) STRICT;
        CREATE INDEX outbox_pending ON outbox (quarantined_at, next_attempt_at, id);

        CREATE TABLE meta (
          key   TEXT PRIMARY KEY,
          value TEXT NOT NULL
        ) STRICT;
      `);
    },
  },
  {
    version: 2,
    name: 'outbound, unanswered and transferred calls',
    up(db) {
      // SQLite cannot change a CHECK constraint in place: rebuild the table, keeping every row.
      db.exec(`
        CREATE TABLE calls_v2 (
          id              TEXT PRIMARY KEY,
          line            TEXT NOT NULL CHECK (line IN ('training', 'sip')),
          direction       TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound')),
          remote_number   TEXT NOT NULL,
          remote_name     TEXT,
          dialed_number   TEXT,
          client          TEXT,
          campaign        TEXT,
          ivr_json        TEXT NOT NULL DEFAULT '{}',
          sip_call_id     TEXT,
          ring_at         INTEGER NOT NULL,
          answer_at       INTEGER,
          end_at          INTEGER,
          end_cause       TEXT CHECK (end_cause IN ('completed', 'missed', 'rejected', 'unanswered', 'transferred', 'failed')),
          ended_by        TEXT CHECK (ended_by IN ('agent', 'remote', 'system')),
          transfer_target TEXT,
          updated_at      INTEGER NOT NULL
        ) STRICT;
        INSERT INTO calls_v2 (id, line, direction, remote_number, remote_name, dialed_number, client, campaign, ivr_json,
                              sip_call_id, ring_at, answer_at, end_at, end_cause, ended_by, updated_at)
          SELECT id, line, direction, remote_number, remote_name, dialed_number, client, campaign, ivr_json,
                 sip_call_id, ring_at, answer_at, end_at, end_cause, ended_by, updated_at FROM calls;
        DROP TABLE calls;
        ALTER TABLE calls_v2 RENAME TO calls;
        CREATE INDEX calls_by_ring_at ON calls (ring_at DESC, id DESC);
        CREATE INDEX calls_by_sip_call_id ON calls (sip_call_id) WHERE sip_call_id IS NOT NULL;
      `);
    },
  },
  {
    version: 3,
    name: 'outbox order per call',
    up(db) {
      db.exec(`
        DROP INDEX IF EXISTS outbox_pending;
        CREATE INDEX outbox_by_entity ON outbox (entity_id, quarantined_at, id);
        CREATE INDEX outbox_quarantined ON outbox (quarantined_at) WHERE quarantined_at IS NOT NULL;
      `);
    },
  },
  {
    version: 4,
    name: 'call log search',
    up(db) {
      // Searchable columns of their own (the customer comes from the IVR today, from the CRM
      // later; the disposition from wrap-up), and a trigram full-text index so that any part of a
      // number or name is found among a million calls at once.
      db.exec(`
        ALTER TABLE calls ADD COLUMN customer_number TEXT;
        ALTER TABLE calls ADD COLUMN customer_name TEXT;
        ALTER TABLE calls ADD COLUMN disposition TEXT;
        UPDATE calls SET customer_number = json_extract(ivr_json, '$.customerNumber');
        CREATE INDEX calls_by_client ON calls (client);
        CREATE INDEX calls_by_disposition ON calls (disposition) WHERE disposition IS NOT NULL;

        CREATE VIRTUAL TABLE calls_search USING fts5(
          digits, words, content = '', contentless_delete = 1, tokenize = 'trigram'
        );
        CREATE TRIGGER calls_search_insert AFTER INSERT ON calls BEGIN
          INSERT INTO calls_search (rowid, digits, words) VALUES (
            new.rowid,
            anlauf_digits(new.remote_number) || ' ' || coalesce(anlauf_digits(new.dialed_number), ''),
            concat_ws(' ', new.remote_number, new.remote_name, new.customer_number, new.customer_name, new.client, new.campaign)
          );
        END;
        CREATE TRIGGER calls_search_update AFTER UPDATE OF remote_name, customer_number, customer_name, client, campaign ON calls BEGIN
          DELETE FROM calls_search WHERE rowid = old.rowid;
          INSERT INTO calls_search (rowid, digits, words) VALUES (
            new.rowid,
            anlauf_digits(new.remote_number) || ' ' || coalesce(anlauf_digits(new.dialed_number), ''),
            concat_ws(' ', new.remote_number, new.remote_name, new.customer_number, new.customer_name, new.client, new.campaign)
          );
        END;
        CREATE TRIGGER calls_search_delete AFTER DELETE ON calls BEGIN
          DELETE FROM calls_search WHERE rowid = old.rowid;
        END;
        INSERT INTO calls_search (rowid, digits, words)
          SELECT rowid,
                 anlauf_digits(remote_number) || ' ' || coalesce(anlauf_digits(dialed_number), ''),
                 concat_ws(' ', remote_number, remote_name, customer_number, customer_name, client, campaign)
          FROM calls;
      `);
    },
  },
  {
    version: 5,
    name: 'search index kept up by the reader, not the durable write',
    up(db) {
      // Indexing a call for search costs more than writing it. The write path must stay as fast
      // as SQLite's own durable insert, so new calls are indexed in batches when a search runs
      // (or when the workstation is idle); meta.search_indexed_rowid says how far it got.
      db.exec(`
        DROP TRIGGER calls_search_insert;
        -- Nothing looks calls up by SIP Call-ID yet; an index nobody reads only slows every write.
        DROP INDEX IF EXISTS calls_by_sip_call_id;
        INSERT INTO meta (key, value) VALUES ('search_indexed_rowid', (SELECT coalesce(max(rowid), 0) FROM calls))
          ON CONFLICT (key) DO UPDATE SET value = excluded.value;
      `);
    },
  },
  {
    version: 6,
    name: 'outbox clustered by id; order-per-call index only on quarantined rows',
    up(db) {
      // Every recorded step writes one outbox row in the same durable transaction, so each page
      // it touches costs on every call. Clustered by its id (WITHOUT ROWID) the row is one
      // B-tree insert; the per-call order check only needs the (rare) quarantined rows indexed.
      db.exec(`
        CREATE TABLE outbox_v2 (
          id              TEXT PRIMARY KEY,
          topic           TEXT NOT NULL,
          entity_id       TEXT NOT NULL,
          payload         TEXT NOT NULL,
          created_at      INTEGER NOT NULL,
          attempts        INTEGER NOT NULL DEFAULT 0,
          next_attempt_at INTEGER NOT NULL DEFAULT 0,
          last_error      TEXT,
          quarantined_at  INTEGER
        ) STRICT, WITHOUT ROWID;
        INSERT INTO outbox_v2 SELECT id, topic, entity_id, payload, created_at, attempts, next_attempt_at, last_error, quarantined_at FROM outbox;
        DROP TABLE outbox;
        ALTER TABLE outbox_v2 RENAME TO outbox;
        CREATE INDEX outbox_quarantined_by_entity ON outbox (entity_id, id) WHERE quarantined_at IS NOT NULL;
      `);
    },
  },
  {
    version: 7,
    name: 'agent state changes',
    up(db) {
      db.exec(`
        CREATE TABLE agent_states (
          id       TEXT PRIMARY KEY,
          state    TEXT NOT NULL,
          previous TEXT,
          at       INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX agent_states_by_time ON agent_states (at);
      `);
    },
  },
  {
    version: 8,
    name: 'customer directory',
    up(db) {
      // The local customer directory (CSV import now, CRM later). Phones are matched by E.164
      // (short internal numbers by their digits); the trigram index finds any part of a name,
      // e-mail, postcode, customer number or phone number. Like the call log's, the index is
      // brought up to date by the reader (and by the importer, every 50 000 rows, in the same
      // transaction as its batch), so a bulk import writes the index in large chunks;
      // meta.customers_indexed_rowid says how far it got.
      db.exec(`
        CREATE TABLE customers (
          id              TEXT PRIMARY KEY,
          client          TEXT,
          customer_number TEXT,
          name            TEXT,
          email           TEXT,
          postcode        TEXT,
          city            TEXT,
          street          TEXT,
          notes           TEXT,
          extra_json      TEXT,
          source          TEXT NOT NULL CHECK (source IN ('import', 'crm', 'manual')),
          updated_at      INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX customers_by_number ON customers (customer_number, client);

        CREATE TABLE customer_phones (
          customer_id TEXT NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
          e164        TEXT NOT NULL,
          extension   TEXT,
          kind        TEXT
        ) STRICT;
        CREATE INDEX customer_phones_by_e164 ON customer_phones (e164);
        CREATE INDEX customer_phones_by_customer ON customer_phones (customer_id);

        CREATE VIRTUAL TABLE customers_search USING fts5(
          digits, words, content = '', contentless_delete = 1, tokenize = 'trigram remove_diacritics 1'
        );
        INSERT INTO meta (key, value) VALUES ('customers_indexed_rowid', '0')
          ON CONFLICT (key) DO UPDATE SET value = excluded.value;
      `);
    },
  },
  {
    version: 9,
    name: 'call scripts',
    up(db) {
      // Every loaded version of a call script, with its source text, so the call log's
      // (script_id, version) always leads back to the exact script the agent followed.
      // A file whose sha256 equals the latest version's keeps that version.
      db.exec(`
        CREATE TABLE scripts (
          script_id TEXT NOT NULL,
          version   INTEGER NOT NULL CHECK (version >= 1),
          campaign  TEXT NOT NULL,
          client    TEXT,
          title     TEXT NOT NULL,
          language  TEXT NOT NULL,
          file      TEXT,
          source    TEXT NOT NULL,
          sha256    TEXT NOT NULL,
          loaded_at INTEGER NOT NULL,
          UNIQUE (script_id, version)
        ) STRICT;
        CREATE INDEX scripts_by_campaign ON scripts (campaign, client, loaded_at);
      `);
    },
  },
  {
    version: 10,
    name: 'wrap-up, script answers, agent state reasons, callbacks, call lists',
    up(db) {
      db.exec(`
        -- The wrap-up of a call: 'pending' from the end of an answered call until the agent gives
        -- its disposition, so a restart keeps both the obligation and what was typed so far.
        ALTER TABLE calls ADD COLUMN wrap_up TEXT CHECK (wrap_up IN ('pending', 'done'));
        ALTER TABLE calls ADD COLUMN wrap_up_at INTEGER;
        ALTER TABLE calls ADD COLUMN disposition_label TEXT;
        ALTER TABLE calls ADD COLUMN note TEXT;
        -- The script followed (id, version, title), the walk for restoring it, and the answers as
        -- [{ id, question, answer, value }] for the log and the backend.
        ALTER TABLE calls ADD COLUMN script_id TEXT;
        ALTER TABLE calls ADD COLUMN script_version INTEGER;
        ALTER TABLE calls ADD COLUMN script_title TEXT;
        ALTER TABLE calls ADD COLUMN script_state_json TEXT;
        ALTER TABLE calls ADD COLUMN answers_json TEXT NOT NULL DEFAULT '[]';
        -- Whom the call was for, by id, so a wrap-up after a restart offers the right codes.
        ALTER TABLE calls ADD COLUMN client_id TEXT;
        ALTER TABLE calls ADD COLUMN campaign_id TEXT;
        ALTER TABLE calls ADD COLUMN call_list_record_id TEXT;
        ALTER TABLE calls ADD COLUMN callback_id TEXT;
        CREATE INDEX calls_wrap_up_pending ON calls (end_at) WHERE wrap_up = 'pending';

        ALTER TABLE agent_states ADD COLUMN reason TEXT;
        ALTER TABLE agent_states ADD COLUMN reason_label TEXT;

        CREATE TABLE callbacks (
          id              TEXT PRIMARY KEY,
          due_at          INTEGER NOT NULL,
          number          TEXT NOT NULL,
          customer_name   TEXT,
          customer_number TEXT,
          client_id       TEXT,
          campaign_id     TEXT,
          note            TEXT,
          state           TEXT NOT NULL CHECK (state IN ('open', 'dialed', 'done', 'cancelled')),
          from_call_id    TEXT,
          call_id         TEXT,
          notified_at     INTEGER,
          created_at      INTEGER NOT NULL,
          updated_at      INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX callbacks_open ON callbacks (due_at) WHERE state IN ('open', 'dialed');

        CREATE TABLE call_lists (
          id          TEXT PRIMARY KEY,
          name        TEXT NOT NULL,
          client_id   TEXT,
          campaign_id TEXT NOT NULL,
          imported_at INTEGER NOT NULL
        ) STRICT;

        CREATE TABLE call_list_records (
          id              TEXT PRIMARY KEY,
          list_id         TEXT NOT NULL REFERENCES call_lists (id),
          row             INTEGER NOT NULL,
          name            TEXT,
          number          TEXT NOT NULL,
          customer_number TEXT,
          fields_json     TEXT NOT NULL DEFAULT '{}',
          state           TEXT NOT NULL CHECK (state IN ('pending', 'dialing', 'done', 'skipped')),
          skip_reason     TEXT,
          disposition     TEXT,
          attempts        INTEGER NOT NULL DEFAULT 0,
          call_id         TEXT,
          updated_at      INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX call_list_records_next ON call_list_records (list_id, state, row);
      `);
    },
  },
  {
    version: 11,
    name: "why a call's media could not be agreed",
    up(db) {
      // A code (contract's endReasonSchema) beside end_cause 'failed': the agent reads why a call
      // was refused or dropped at setup (no codec in common, not WebRTC media, …). No CHECK, so
      // a later code needs no table rebuild.
      db.exec(`ALTER TABLE calls ADD COLUMN end_reason TEXT;`);
    },
  },
  {
    version: 12,
    name: "a call's quality summary",
    up(db) {
      // JSON (contract's qualitySummarySchema): read and synced as one value, never queried by
      // field, and a later field needs no table change.
      db.exec(`ALTER TABLE calls ADD COLUMN quality_json TEXT;`);
    },
  },
  {
    version: 13,
    name: "each call's flight recorder",
    up(db) {
      // The call's bounded ring (core/recorder): SIP with credentials taken out, line, media,
      // device and headset events, quality samples. Deleted with its call (retention).
      db.exec(`
        CREATE TABLE call_recordings (
          call_id      TEXT PRIMARY KEY REFERENCES calls (id) ON DELETE CASCADE,
          entries_json TEXT NOT NULL,
          dropped      INTEGER NOT NULL,
          bytes        INTEGER NOT NULL,
          updated_at   INTEGER NOT NULL
        ) STRICT;
      `);
    },
  },
  {
    version: 14,
    name: 'pre-shift check results',
    up(db) {
      // Each finished "Check my workstation" run: whether a required check is due again today,
      // and the last results for a support bundle. Items as JSON (contract's shiftCheckItemSchema):
      // read whole, never queried by field.
      db.exec(`
        CREATE TABLE shift_checks (
          id           TEXT PRIMARY KEY,
          started_at   INTEGER NOT NULL,
          finished_at  INTEGER NOT NULL,
          passed       INTEGER NOT NULL CHECK (passed IN (0, 1)),
          items_json   TEXT NOT NULL,
          network_json TEXT NOT NULL
        ) STRICT;
        CREATE INDEX shift_checks_finished ON shift_checks (finished_at);
      `);
    },
  },
  {
    version: 15,
    name: "the customer's salutation",
    up(db) {
      // female, male or neutral (core/scripts/salutation.ts); NULL when the source gave none.
      // Call scripts address the customer by it ("Frau Mustermann").
      db.exec(`ALTER TABLE customers ADD COLUMN salutation TEXT CHECK (salutation IN ('female', 'male', 'neutral'));`);
    },
  },
  {
    version: 16,
    name: 'files a script version included',
    up(db) {
      // [{ file, text }] of every `include:` as read when the version was loaded, so an old
      // version is shown with what it included then, whatever the shared file says now.
      db.exec(`ALTER TABLE scripts ADD COLUMN includes_json TEXT;`);
    },
  },
  {
    version: 17,
    name: "the agent's sign-ins and sign-outs",
    up(db) {
      // A shared desk's shifts: who signed in when, and when and why they signed out (the agent,
      // the server refusing their password mid-shift). Synced as `agent.session`.
      db.exec(`
        CREATE TABLE agent_sessions (
          id        TEXT PRIMARY KEY,
          agent_id  TEXT NOT NULL,
          event     TEXT NOT NULL CHECK (event IN ('signIn', 'signOut')),
          at        INTEGER NOT NULL,
          reason    TEXT
        ) STRICT;
        CREATE INDEX agent_sessions_at ON agent_sessions (at);
      `);
    },
  },
  {
    version: 18,
    name: 'customers without a customer number by name',
    up(db) {
      // A customer without a customer number is known by client, name and phones (CustomerDirectory's
      // `existing`), so an import or a move into the shared directory updates it rather than adding
      // it twice; this finds the candidates without reading every such customer. The shared
      // directory's file has the same index (directory-file.ts, its migration 2).
      db.exec('CREATE INDEX customers_by_name ON customers (name, client) WHERE customer_number IS NULL;');
    },
  },
  {
    version: 19,
    name: "the agent's queues",
    up(db) {
      // Which queues the agent logged into, and whether they are paused there, so a restart or
      // crash brings them back as they were; and every login, logout and pause with its time and
      // reason (the not-ready reason for a pause), synced as `queue.event`.
      db.exec(`
        CREATE TABLE queue_memberships (
          queue_id   TEXT PRIMARY KEY,
          logged_in  INTEGER NOT NULL CHECK (logged_in IN (0, 1)),
          paused     INTEGER NOT NULL CHECK (paused IN (0, 1)),
          changed_at INTEGER NOT NULL
        ) STRICT;
        CREATE TABLE queue_events (
          id       TEXT PRIMARY KEY,
          queue_id TEXT NOT NULL,
          event    TEXT NOT NULL CHECK (event IN ('login', 'logout', 'pause', 'unpause')),
          at       INTEGER NOT NULL,
          reason   TEXT
        ) STRICT;
        CREATE INDEX queue_events_at ON queue_events (at);
      `);
    },
  },
  {
    version: 20,
    name: "a call's queue",
    up(db) {
      // The name of the queue a call came through (registrar forking or the IVR's queue header),
      // as the agent saw it on the ringing call; null for direct calls and calls before this.
      db.exec('ALTER TABLE calls ADD COLUMN queue TEXT');
    },
  },
  {
    version: 21,
    name: 'client forms and their drafts',
    up(db) {
      // Every version of every form file loaded (as scripts: a submitted form names the version
      // it was filled in), and the forms being filled, so a draft survives a restart; a draft
      // row goes when its form is submitted or discarded.
      db.exec(`
        CREATE TABLE forms (
          form_id   TEXT NOT NULL,
          version   INTEGER NOT NULL,
          client    TEXT,
          title     TEXT NOT NULL,
          kind      TEXT NOT NULL,
          language  TEXT NOT NULL,
          file      TEXT,
          source    TEXT NOT NULL,
          sha256    TEXT NOT NULL,
          loaded_at INTEGER NOT NULL,
          PRIMARY KEY (form_id, version)
        ) STRICT;
        CREATE TABLE form_drafts (
          id           TEXT PRIMARY KEY,
          call_id      TEXT NOT NULL,
          form_id      TEXT NOT NULL,
          form_version INTEGER NOT NULL,
          language     TEXT NOT NULL,
          revision     INTEGER NOT NULL,
          values_json  TEXT NOT NULL,
          attempted    INTEGER NOT NULL CHECK (attempted IN (0, 1)),
          created_at   INTEGER NOT NULL,
          updated_at   INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX form_drafts_by_call ON form_drafts (call_id, created_at);
      `);
    },
  },
  {
    version: 22,
    name: 'submitted forms and their delivery',
    up(db) {
      // A submitted form's latest revision (the FormSubmission as JSON) and where its delivery
      // stands: `endpoint` when it goes to the client's own system (clients[].forms), `backend`
      // when only the outbox row (`outbox_id`, topic form.submitted) carries it. `detail_json`: the
      // reason shown (a Message); `next_attempt_at`: when the delivery worker tries again.
      db.exec(`
        CREATE TABLE form_submissions (
          id              TEXT PRIMARY KEY,
          call_id         TEXT NOT NULL,
          revision        INTEGER NOT NULL CHECK (revision >= 1),
          form_id         TEXT NOT NULL,
          title           TEXT NOT NULL,
          client_id       TEXT,
          submission_json TEXT NOT NULL,
          target          TEXT NOT NULL CHECK (target IN ('endpoint', 'backend')),
          status          TEXT NOT NULL CHECK (status IN ('waiting', 'sent', 'refused')),
          detail_json     TEXT,
          attempts        INTEGER NOT NULL DEFAULT 0,
          next_attempt_at INTEGER,
          outbox_id       TEXT,
          submitted_at    INTEGER NOT NULL,
          sent_at         INTEGER,
          updated_at      INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX form_submissions_by_call ON form_submissions (call_id, submitted_at, id);
        CREATE INDEX form_submissions_waiting ON form_submissions (submitted_at, id) WHERE status = 'waiting';

        -- The titles of the call's forms, so the call log's text search finds "Fault report".
        ALTER TABLE calls ADD COLUMN form_titles TEXT;
        DROP TRIGGER calls_search_update;
        CREATE TRIGGER calls_search_update AFTER UPDATE OF remote_name, customer_number, customer_name, client, campaign, form_titles ON calls BEGIN
          DELETE FROM calls_search WHERE rowid = old.rowid;
          INSERT INTO calls_search (rowid, digits, words) VALUES (
            new.rowid,
            anlauf_digits(new.remote_number) || ' ' || coalesce(anlauf_digits(new.dialed_number), ''),
            concat_ws(' ', new.remote_number, new.remote_name, new.customer_number, new.customer_name, new.client, new.campaign, new.form_titles)
          );
        END;
      `);
    },
  },
  {
    version: 23,
    name: 'current topics: versions, the last good files and backend answer, announcements, the topics of each call',
    up(db) {
      // A topic's version is kept per client and id, with its content's hash: the same content
      // keeps its number, a change gets the next one, so a call's record names what was shown.
      // The last good content of each topics file and the backend's last good answer are kept for
      // a start with a broken file or without the backend. A high-priority topic is announced once
      // per desk (the row outlives restarts). `call_topics`: what each call showed and the agent opened.
      db.exec(`
        CREATE TABLE topic_versions (
          client     TEXT NOT NULL,
          topic_id   TEXT NOT NULL,
          version    INTEGER NOT NULL,
          sha256     TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          PRIMARY KEY (client, topic_id, version)
        ) STRICT;
        CREATE TABLE topic_sources (
          source     TEXT PRIMARY KEY,
          etag       TEXT,
          body       TEXT NOT NULL,
          stored_at  INTEGER NOT NULL
        ) STRICT;
        CREATE TABLE topic_announcements (
          client       TEXT NOT NULL,
          topic_id     TEXT NOT NULL,
          announced_at INTEGER NOT NULL,
          PRIMARY KEY (client, topic_id)
        ) STRICT;
        CREATE TABLE call_topics (
          call_id   TEXT NOT NULL,
          client    TEXT NOT NULL,
          topic_id  TEXT NOT NULL,
          version   INTEGER NOT NULL,
          title     TEXT NOT NULL,
          shown_at  INTEGER NOT NULL,
          opened_at INTEGER,
          PRIMARY KEY (call_id, client, topic_id)
        ) STRICT;
      `);
    },
  },
  {
    version: 24,
    name: 'customers on their way to the backend and the CRM',
    up(db) {
      // A customer created or corrected at the desk, while the directory is another file than this
      // one (the shared directory): the change's id is written here first (customer_changes), then
      // the directory's change with the same id (customer_changes_applied, in the directory's file),
      // then here the outbox row and the CRM write, removing the first row. A start finding a row
      // in customer_changes finishes it if the directory has the change, and drops it if not: the
      // backend and the CRM hear of every change exactly once, and of no change that did not happen.
      // customer_changes_applied is here too: when the shared directory cannot be reached, this
      // database is the directory. crm_writes is the CRM's durable queue (each row's id its
      // Idempotency-Key); crm_customers what the CRM said last about each customer this desk sent.
      db.exec(`
        CREATE TABLE customer_changes (id TEXT PRIMARY KEY, created_at INTEGER NOT NULL) STRICT;
        CREATE TABLE customer_changes_applied (id TEXT PRIMARY KEY, payload TEXT NOT NULL, at INTEGER NOT NULL) STRICT;
        CREATE TABLE crm_writes (
          id          TEXT PRIMARY KEY,
          customer_id TEXT NOT NULL,
          customer    TEXT NOT NULL,
          if_match    TEXT,
          attempts    INTEGER NOT NULL DEFAULT 0,
          next_at     INTEGER NOT NULL,
          created_at  INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX crm_writes_by_customer ON crm_writes (customer_id);
        CREATE TABLE crm_customers (
          customer_id TEXT PRIMARY KEY,
          crm_id      TEXT,
          etag        TEXT,
          state       TEXT NOT NULL CHECK (state IN ('sent', 'waiting', 'conflict', 'refused')),
          reason      TEXT,
          theirs      TEXT,
          at          INTEGER NOT NULL
        ) STRICT;
      `);
    },
  },
  {
    version: 25,
    name: "the customer's language",
    up(db) {
      // A code such as de, en or de-AT (the import's `language`/`Sprache` column, the CRM's
      // mapping); NULL when the source gave none. A call's script and forms follow it unless the
      // IVR says otherwise (core/calls/call-language.ts).
      db.exec('ALTER TABLE customers ADD COLUMN language TEXT');
    },
  },
];

export const LATEST_SCHEMA_VERSION = migrations.at(-1)?.version ?? 0;
