package nl.bij.notice;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;

import nl.bij.notice.wire.NoticeXml;

/**
 * The plain-text Dutch rendering of a notice, from a template in {@code config/} (a mayor's office reads it,
 * so the wording is for people who maintain the service to change, not code). Urgent notices say so at the top.
 */
public final class NoticeText {

    private final Mustache template;
    private final int urgentLeadDays;

    /** @param template a Mustache template; compiled once at start-up, so an error stops the service */
    public NoticeText(String name, Reader template, int urgentLeadDays) {
        this.template = new PlainTextMustacheFactory().compile(template, name);
        this.urgentLeadDays = urgentLeadDays;
    }

    public String render(NoticeXml notice) {
        StringWriter out = new StringWriter();
        template.execute(out, new NoticeView(notice, urgentLeadDays));
        return out.toString();
    }

    /** Without personal data: it travels in mail headers and mail logs (docs/contract.md §3). */
    public static String subject(NoticeXml notice) {
        return "BIJ-melding " + notice.getNoticeId() + ", gemeente " + notice.getRecipient().getMunicipalityName();
    }

    /** Mustache escapes for HTML by default; a plain-text mail must show "&" and "<" as they are. */
    private static final class PlainTextMustacheFactory extends DefaultMustacheFactory {
        @Override
        public void encode(String value, Writer writer) {
            try {
                writer.write(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
