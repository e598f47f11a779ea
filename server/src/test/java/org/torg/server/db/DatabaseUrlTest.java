package org.torg.server.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DatabaseUrlTest {

  @Test
  void parsesTheDocumentedForm() {
    DatabaseUrl url = DatabaseUrl.parse("postgresql://torg:p%3Ass@db.example:6543/torg");
    assertEquals(new DatabaseUrl("db.example", 6543, "torg", "torg", "p:ss"), url);
    assertEquals("jdbc:postgresql://db.example:6543/torg", url.jdbcUrl());
  }

  @Test
  void defaultsThePortAndAcceptsPostgresSchemeAndIpv6() {
    assertEquals(5432, DatabaseUrl.parse("postgres://u@h/d").port());
    DatabaseUrl v6 = DatabaseUrl.parse("postgresql://u:p@[::1]:5433/d");
    assertEquals("jdbc:postgresql://[::1]:5433/d", v6.jdbcUrl());
  }

  @Test
  void neverShowsThePassword() {
    DatabaseUrl url = DatabaseUrl.parse("postgresql://torg:hunter2@db.example/torg");
    assertFalse(url.toString().contains("hunter2"));
    assertEquals("postgresql://torg@db.example:5432/torg", url.redacted());
  }

  @Test
  void refusesWhatIsNotAPostgresqlUrl() {
    for (String bad : new String[] {"mysql://h/d", "postgresql://h", "postgresql://h/", "postgresql:///d", "postgresql://h/d?sslmode=x", "::"}) {
      assertThrows(IllegalArgumentException.class, () -> DatabaseUrl.parse(bad), bad);
    }
  }
}
