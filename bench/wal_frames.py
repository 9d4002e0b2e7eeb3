#!/usr/bin/env python3
"""WAL frames written per commit by the SQLite queue's `jobs` table, per schema variant.

    python3 bench/wal_frames.py          (~1 min; writes only under /tmp)

Creates the jobs table (schema v5, as plugins/queue_sqlite/sqlite_schema.cpp leaves it),
inserts 50,000 jobs, checkpoints, then commits jobs in batches of 2 (as at 4 connections)
and 19 (as at 64) with checkpoints off, and reads the WAL's size: frames and KB per commit
and per job. Variants: the indexes as they are; the listing indexes merged (idx_status and
idx_created_at dropped, idx_context on (context, seq)); no secondary index; each with 4-KB
and 1-KB pages. Job ids are time-ordered like UUIDv7, documents as the server writes them.
"""
import os
import shutil
import sqlite3
import tempfile

TABLE = ("CREATE TABLE jobs (job_id TEXT PRIMARY KEY, context TEXT, hash TEXT, status TEXT NOT NULL,"
         " created_at TIMESTAMP NOT NULL, started_at TIMESTAMP, completed_at TIMESTAMP, result TEXT, error TEXT,"
         " document TEXT, seq INTEGER, instance TEXT GENERATED ALWAYS AS"
         " (COALESCE(json_extract(document, '$.instance'), 'default')) VIRTUAL, not_before TEXT)")
AS_IS = ["CREATE INDEX idx_status_seq ON jobs(status, seq)", "CREATE INDEX idx_seq ON jobs(seq)",
         "CREATE INDEX idx_instance_status ON jobs(instance, status, seq)",
         "CREATE INDEX idx_status ON jobs(status, created_at, seq)",
         "CREATE INDEX idx_context ON jobs(context, created_at, seq)",
         "CREATE INDEX idx_created_at ON jobs(created_at, seq)"]
MERGED = ["CREATE INDEX idx_status_seq ON jobs(status, seq)", "CREATE INDEX idx_seq ON jobs(seq)",
          "CREATE INDEX idx_instance_status ON jobs(instance, status, seq)",
          "CREATE INDEX idx_context ON jobs(context, seq)"]
DOCUMENT = ('{"job_id":"%s","context":"load","hash":null,"status":"pending","created_at":"%s","started_at":null,'
            '"completed_at":null,"result":null,"error":null,"dry_run":false,"attempts":0,"worker":null,'
            '"instance":"default"}')


def insert(db, seq):
    job_id = "01a252a8-%04x-7%03x-8000-%012x" % (seq >> 24 & 0xffff, (seq >> 12) & 0xfff, seq)
    created = "2026-12-07T22:%02d:%02d.%06dZ" % (seq // 6000000 % 60, seq // 100000 % 60, seq % 1000000)
    db.execute("INSERT INTO jobs(job_id, context, status, created_at, document, seq) VALUES (?,?,?,?,?,?)",
               (job_id, "load", "pending", created, DOCUMENT % (job_id, created), seq))


def measure(indexes, page_size, per_commit, commits, preload=50000):
    folder = tempfile.mkdtemp(prefix="qbt-wal-frames-")
    try:
        path = os.path.join(folder, "q.db")
        db = sqlite3.connect(path, isolation_level=None)
        db.execute("PRAGMA page_size=%d" % page_size)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA wal_autocheckpoint=0")
        db.execute(TABLE)
        for index in indexes:
            db.execute(index)
        db.execute("BEGIN")
        for seq in range(1, preload + 1):
            insert(db, seq)
        db.execute("COMMIT")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        seq = preload
        for _ in range(commits):
            db.execute("BEGIN IMMEDIATE")
            for _ in range(per_commit):
                seq += 1
                insert(db, seq)
            db.execute("COMMIT")
        wal = os.path.getsize(path + "-wal")
        db.close()
        return (wal - 32) / (page_size + 24) / commits, wal / commits / 1024
    finally:
        shutil.rmtree(folder)


def main():
    print("variant  page   jobs/commit  frames/commit  KB WAL/commit  KB WAL/job")
    for page_size in (4096, 1024):
        for per_commit, commits in ((2, 3000), (19, 500)):
            for name, indexes in (("as is", AS_IS), ("merged", MERGED), ("none", [])):
                frames, kb = measure(indexes, page_size, per_commit, commits)
                print("%-7s %5d %12d %14.1f %14.1f %11.1f" % (name, page_size, per_commit, frames, kb, kb / per_commit))


if __name__ == "__main__":
    main()
