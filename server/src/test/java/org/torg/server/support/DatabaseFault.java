package org.torg.server.support;

import io.vertx.sqlclient.Pool;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A failure injected into PostgreSQL itself: a trigger that raises an error when a row is
 * written to one table (and a condition on it holds), counting each time it fires in a sequence,
 * which a rolled-back transaction cannot undo. Tests use it to fail a piece of work half-way,
 * after its first writes, and check that none of them is left.
 */
public final class DatabaseFault implements AutoCloseable {

  private static final AtomicInteger NEXT = new AtomicInteger();

  private final Pool pool;
  private final String name;
  private final String table;

  private DatabaseFault(Pool pool, String name, String table) {
    this.pool = pool;
    this.name = name;
    this.table = table;
  }

  /**
   * @param operation INSERT or UPDATE
   * @param condition an SQL condition on NEW, e.g. {@code NEW.type = 'Update'} (trusted test text)
   */
  public static DatabaseFault on(Pool pool, String operation, String table, String condition) {
    String name = "torg_test_fault_" + NEXT.incrementAndGet();
    pool.query("CREATE SEQUENCE " + name + "_hits").execute().await();
    pool.query("CREATE FUNCTION " + name + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
        + " IF " + condition + " THEN PERFORM nextval('" + name + "_hits');"
        + " RAISE EXCEPTION 'injected fault: % on " + table + "', TG_OP; END IF; RETURN NEW; END $$").execute().await();
    pool.query("CREATE TRIGGER " + name + " BEFORE " + operation + " ON " + table
        + " FOR EACH ROW EXECUTE FUNCTION " + name + "()").execute().await();
    return new DatabaseFault(pool, name, table);
  }

  /** How many writes it has failed so far. */
  public long hits() {
    return pool.query("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM " + name + "_hits").execute().await()
        .iterator().next().getLong(0);
  }

  /** Removes the fault: the next writes succeed. */
  @Override
  public void close() {
    pool.query("DROP TRIGGER IF EXISTS " + name + " ON " + table).execute().await();
    pool.query("DROP FUNCTION IF EXISTS " + name + "()").execute().await();
    pool.query("DROP SEQUENCE IF EXISTS " + name + "_hits").execute().await();
  }
}
