import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Order slots as rows (see `ServiceSlots`): one row per order that holds or waits for its
 * service's slot (`service:<key>`) or a sync provider's (`provider:<code>`). A released slot's
 * row is deleted, so the table holds only what is in flight or waiting.
 */
export class ServiceSlots1796980000000 implements MigrationInterface {
  name = 'ServiceSlots1796980000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE service_slots (
        request_id text PRIMARY KEY,
        queue_key text NOT NULL,
        run_workflow_id text NOT NULL,
        concurrent boolean NOT NULL,
        express boolean NOT NULL DEFAULT false,
        holding boolean NOT NULL DEFAULT false,
        granted_by text,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        requested_at timestamptz NOT NULL DEFAULT now(),
        granted_at timestamptz
      )`);
    await q.query(`CREATE INDEX service_slots_queue_idx ON service_slots (queue_key, seq)`);
    await q.query(`CREATE INDEX service_slots_granted_by_idx ON service_slots (granted_by) WHERE granted_by IS NOT NULL`);
    // Each change to a queue is one call (one round trip) that takes the queue's advisory lock
    // itself: the statements of a VOLATILE function each see what committed before them, so the
    // lock taken first serialises them against every other change to the queue.
    await q.query(`
      CREATE FUNCTION service_slot_grant(p_queue text, p_grantor text) RETURNS TABLE (g_request text, g_run text)
      LANGUAGE plpgsql VOLATILE AS $fn$
      DECLARE
        holders integer;
        all_concurrent boolean;
        w record;
      BEGIN
        SELECT count(*), coalesce(bool_and(s.concurrent), true) INTO holders, all_concurrent
          FROM service_slots s WHERE s.queue_key = p_queue AND s.holding;
        FOR w IN SELECT s.request_id, s.run_workflow_id, s.concurrent FROM service_slots s
                  WHERE s.queue_key = p_queue AND NOT s.holding ORDER BY s.express DESC, s.seq LOOP
          EXIT WHEN holders > 0 AND NOT (w.concurrent AND all_concurrent);
          UPDATE service_slots s SET holding = true, granted_by = p_grantor, granted_at = now() WHERE s.request_id = w.request_id;
          holders := holders + 1;
          all_concurrent := all_concurrent AND w.concurrent;
          g_request := w.request_id;
          g_run := w.run_workflow_id;
          RETURN NEXT;
        END LOOP;
      END
      $fn$`);
    await q.query(`
      CREATE FUNCTION service_slot_acquire(p_queue text, p_request text, p_run text, p_concurrent boolean, p_express boolean) RETURNS boolean
      LANGUAGE plpgsql VOLATILE AS $fn$
      DECLARE
        granted boolean;
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtextextended(p_queue, 0));
        SELECT s.holding INTO granted FROM service_slots s WHERE s.request_id = p_request;
        IF FOUND THEN
          RETURN granted;
        END IF;
        -- Free when nobody is in the queue, or every holder and this order are concurrent and nobody waits.
        granted := NOT EXISTS (SELECT 1 FROM service_slots o WHERE o.queue_key = p_queue AND (NOT o.holding OR NOT o.concurrent OR NOT p_concurrent));
        INSERT INTO service_slots (request_id, queue_key, run_workflow_id, concurrent, express, holding, granted_by, granted_at)
        VALUES (p_request, p_queue, p_run, p_concurrent, p_express, granted, CASE WHEN granted THEN p_request END, CASE WHEN granted THEN now() END);
        RETURN granted;
      END
      $fn$`);
    await q.query(`
      CREATE FUNCTION service_slot_release(p_queue text, p_request text) RETURNS TABLE (known boolean, grant_request text, grant_run text)
      LANGUAGE plpgsql VOLATILE AS $fn$
      DECLARE
        was_known boolean;
        r record;
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtextextended(p_queue, 0));
        DELETE FROM service_slots s WHERE s.request_id = p_request AND s.queue_key = p_queue;
        was_known := FOUND;
        -- Grants an earlier attempt of this same release made (signalled again), then new ones.
        FOR r IN SELECT s.request_id, s.run_workflow_id FROM service_slots s WHERE s.granted_by = p_request AND s.holding LOOP
          was_known := true;
          known := NULL; grant_request := r.request_id; grant_run := r.run_workflow_id;
          RETURN NEXT;
        END LOOP;
        FOR r IN SELECT g.g_request, g.g_run FROM service_slot_grant(p_queue, p_request) g LOOP
          known := NULL; grant_request := r.g_request; grant_run := r.g_run;
          RETURN NEXT;
        END LOOP;
        -- The last row says whether the queue knew the request (else it came from a queue workflow).
        known := was_known; grant_request := NULL; grant_run := NULL;
        RETURN NEXT;
      END
      $fn$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION service_slot_release(text, text)`);
    await q.query(`DROP FUNCTION service_slot_acquire(text, text, text, boolean, boolean)`);
    await q.query(`DROP FUNCTION service_slot_grant(text, text)`);
    await q.query(`DROP TABLE service_slots`);
  }
}
