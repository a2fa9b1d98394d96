package nl.bij.app;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Map;
import java.util.Properties;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.support.ResourceHelper;

import nl.bij.eligibility.AttemptPolicy;
import nl.bij.eligibility.EligibilityRules;
import nl.bij.eligibility.OffenceCatalogue;
import nl.bij.eligibility.OffenceCatalogue.Source;
import nl.bij.delivery.Recipients;
import nl.bij.municipality.MunicipalityRegister;
import nl.bij.notice.NoticeText;
import nl.bij.operations.Operators;
import nl.bij.state.Decisions;

/**
 * Loads the law and the municipalities from the data files named in configuration ({@code classpath:} or
 * {@code file:}), so that a wrong file stops the service at start-up with its name and the problem.
 */
final class DataFiles {

    private final CamelContext context;
    private final PropertiesComponent properties;

    DataFiles(CamelContext context) {
        this.context = context;
        this.properties = context.getPropertiesComponent();
    }

    EligibilityRules eligibilityRules() {
        OffenceCatalogue catalogue = OffenceCatalogue.load(
                source("bij.eligibility.catalogue"),
                source("bij.eligibility.renumbered-articles"),
                source("bij.eligibility.article-register"),
                Map.of("arson-effective-date", LocalDate.parse(property("bij.eligibility.arson-effective-date"))));
        return new EligibilityRules(catalogue, AttemptPolicy.valueOf(property("bij.eligibility.attempt-or-participation")));
    }

    MunicipalityRegister municipalities() {
        Source register = source("bij.municipality.register");
        Source mergers = source("bij.municipality.mergers");
        return MunicipalityRegister.load(register.name(), register.reader(), mergers.name(), mergers.reader());
    }

    Recipients recipients(MunicipalityRegister municipalities) {
        Source recipients = source("bij.delivery.recipients");
        Source suppressions = source("bij.delivery.suppressions");
        return Recipients.load(recipients.name(), recipients.reader(), suppressions.name(), suppressions.reader(),
                municipalities::existingOn, LocalDate.now(Decisions.AMSTERDAM));
    }

    NoticeText noticeText(int urgentLeadDays) {
        Source template = source("bij.notice.mail-template");
        try (Reader reader = template.reader()) {
            return new NoticeText(template.name(), reader, urgentLeadDays);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Operators operators(java.time.Clock clock) {
        Source file = source("bij.admin.operators");
        Properties lines = new Properties();
        try (Reader reader = file.reader()) {
            lines.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Operators.load(file.name(), lines, clock,
                java.time.Duration.ofSeconds(Long.parseLong(property("bij.admin.credential-cache-seconds"))));
    }

    private Source source(String key) {
        String location = property(key);
        try {
            return new Source(location, new InputStreamReader(
                    ResourceHelper.resolveMandatoryResourceAsInputStream(context, location), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open " + location + " (" + key + ")", e);
        }
    }

    private String property(String key) {
        return BijConfiguration.property(properties, key);
    }
}
