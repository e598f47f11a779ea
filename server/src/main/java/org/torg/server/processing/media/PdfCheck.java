package org.torg.server.processing.media;

import java.io.IOException;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.torg.server.error.HttpError;

/**
 * A PDF is kept as it was sent, but only when PDFBox parses it and finds a page: bytes that
 * merely start with {@code %PDF-} are refused. Blocking: run it on a worker thread.
 */
public final class PdfCheck {

  private PdfCheck() {}

  public static void check(byte[] bytes) {
    try (PDDocument document = Loader.loadPDF(bytes)) {
      if (document.getNumberOfPages() < 1) {
        throw new HttpError(422, "invalid_pdf", "The PDF has no pages.");
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof HttpError known) {
        throw known;
      }
      throw new HttpError(422, "invalid_pdf", "The PDF could not be read (or is encrypted).", e);
    }
  }
}
