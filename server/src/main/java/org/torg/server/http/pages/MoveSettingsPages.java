package org.torg.server.http.pages;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.torg.server.db.AccountImportRepository;
import org.torg.server.db.AccountMoveRepository;
import org.torg.server.model.Actor;

/**
 * The signed-in person's settings for leaving and arriving (README, "Export, import and
 * moving"): {@code /settings/export} (downloads, plain links that work without JavaScript, and the
 * import form with its results) and {@code /settings/move} (aliases and moving out). The forms
 * post to the JSON API from the page's script.
 */
public final class MoveSettingsPages {

  static final int IMPORTS_SHOWN = 5;
  static final int FAILURES_SHOWN = 50;

  private final Pages pages;
  private final AccountMoveRepository moves;
  private final AccountImportRepository imports;

  public MoveSettingsPages(Pages pages, AccountMoveRepository moves, AccountImportRepository imports) {
    this.pages = pages;
    this.moves = moves;
    this.imports = imports;
  }

  public void mount(Router router) {
    router.get("/settings/export").handler(this::export);
    router.get("/settings/move").handler(this::move);
  }

  private void export(RoutingContext ctx) {
    pages.begin(ctx).compose(page -> {
      if (page.viewer().isEmpty()) {
        pages.signInFirst(ctx);
        return Future.succeededFuture();
      }
      Actor me = page.viewer().get().account().actor();
      PostViews views = new PostViews(page);
      return imports.recent(me.id(), IMPORTS_SHOWN).compose(recent -> (recent.isEmpty() ? Future.succeededFuture(
              List.<AccountImportRepository.Line>of()) : imports.failures(recent.get(0).id(), FAILURES_SHOWN)).map(failures -> {
        Map<String, Object> model = pages.model(page);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (AccountImportRepository.Import i : recent) {
          Map<String, Object> row = new HashMap<>();
          row.put("type", i.kind());
          row.put("total", i.total());
          row.put("imported", i.done());
          row.put("failed", i.failed());
          row.put("finished", i.finishedAt().isPresent());
          row.put("createdIso", PostViews.iso(i.createdAt()));
          row.put("createdText", views.time(i.createdAt()));
          rows.add(row);
        }
        model.put("imports", rows);
        model.put("failures", failures.stream().map(f -> Map.<String, Object>of("line", f.line(), "address", f.address(),
            "reason", f.reason() == null ? "" : f.reason())).toList());
        pages.send(ctx, page, 200, "settings-export", model);
        return null;
      }));
    }).onFailure(ctx::fail);
  }

  private void move(RoutingContext ctx) {
    pages.begin(ctx).compose(page -> {
      if (page.viewer().isEmpty()) {
        pages.signInFirst(ctx);
        return Future.succeededFuture();
      }
      Actor me = page.viewer().get().account().actor();
      return moves.aliases(me.id()).compose(aliases -> moves.movedTo(me.id()).map(moved -> {
        Map<String, Object> model = pages.model(page);
        model.put("aliases", aliases);
        model.put("movedTo", moved.map(AccountMoveRepository.Move::targetUri).orElse(""));
        model.put("handle", me.handle());
        pages.send(ctx, page, 200, "settings-move", model);
        return null;
      }));
    }).onFailure(ctx::fail);
  }
}
