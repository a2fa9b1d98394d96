package nl.bij.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;


import nl.bij.state.Decision;

/**
 * The web console in a real browser (headless Chromium from Debian's packages, driven by Selenium): a failed
 * delivery shows red, the operator replays it from the list, and the municipality turns green; then a judgment
 * by another operator waits on its own list and is confirmed there (four eyes). Every other action an operator has
 * is clicked through as well (view, bulk replay after its preview, resolve, close, acknowledge, delete, suppress
 * and lift, forced resend), and what the console shows is read as a person reads it: Dutch times and words.
 * Screenshots of each state go to target/console-*.png.
 */
class ConsoleBrowserTest extends RelayOutageTestSupport {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    /** Chromium is there (required in CI), and this is the H2 pass: the console is tested once. */
    static void assumeBrowser() {
        boolean browser = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
        if (!browser && System.getenv("CI") != null) {
            throw new AssertionError("chromium and chromium-driver are required in CI; .ci/run installs them");
        }
        assumeTrue(browser, "chromium and chromium-driver not installed");
        assumeTrue(!nl.bij.state.TestDatabases.postgres(), "the console runs once, on the H2 pass");
    }

    @Test
    void aFailedDeliveryShowsRedIsReplayedAndTurnsGreen() throws Exception {
        assumeBrowser();
        relay.stop();   // whichever test ran first: mail to Zwolle fails
        String id = sendAndAwait(text(MailDeliveryTest.qualifyingFor("0193", "00000000-0000-4000-8000-0000000000b9"))).get(0);
        assertThat(decisionOf(id).decision()).isEqualTo(Decision.FAILED);

        WebDriver chrome = chrome();
        try {
            WebDriverWait wait = new WebDriverWait(chrome, Duration.ofSeconds(20));
            signIn(chrome, "http://127.0.0.1:" + settings.getProperty("bij.admin.port"));

            By zwolle = By.xpath("//tr[td[1][text()='0193']]");
            wait.until(ExpectedConditions.attributeToBe(zwolle, "class", "rood"));
            screenshot(chrome, "console-1-failed.png");

            relay.start();
            chrome.findElement(By.cssSelector("nav button[data-view=failed]")).click();
            wait.until(ExpectedConditions.elementToBeClickable(By.xpath("//tr[td[1][text()='00000000-0000-4000-8000-0000000000b9']]//button[text()='Opnieuw']"))).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("detail"), "opnieuw aangeboden"));
            screenshot(chrome, "console-2-replayed.png");

            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> decisionOf(id).decision() == Decision.NOTIFIED);
            chrome.findElement(By.cssSelector("nav button[data-view=status]")).click();
            wait.until(ExpectedConditions.attributeToBe(zwolle, "class", "groen"));
            screenshot(chrome, "console-3-green.png");

            // four eyes: olga judged (through the API) that an attempt qualifies; otto confirms it in the console
            String attempt = sendAndAwait(text(nl.bij.intake.Events.replace(MailDeliveryTest.qualifyingFor("0344",
                    "00000000-0000-4000-8000-0000000000ba"), "<offence article=\"", "<offence attempt=\"true\" article=\"")))
                    .get(0);
            assertThat(admin("POST", "/items/review/00000000-0000-4000-8000-0000000000ba/resolve?route=ROUTE_A_LIST1"
                    + "&ground=ZEDEN&reason=poging%20telt", ReviewJudgmentTest.SECOND_OPERATOR).statusCode()).isEqualTo(200);
            chrome.findElement(By.cssSelector("nav button[data-view=confirm]")).click();
            By row = By.xpath("//tr[td[1][text()='00000000-0000-4000-8000-0000000000ba']]");
            wait.until(ExpectedConditions.textToBePresentInElementLocated(row, "olga"));
            screenshot(chrome, "console-4-to-confirm.png");
            chrome.findElement(By.xpath("//tr[td[1][text()='00000000-0000-4000-8000-0000000000ba']]//button[text()='Bevestig']"))
                    .click();
            wait.until(ExpectedConditions.alertIsPresent()).accept();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("detail"), "ROUTE_A_LIST1"));
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> decisionOf(attempt).decision() == Decision.NOTIFIED);

            // the recent decisions of every kind, each with its trail
            menu(chrome, wait, "recent");
            wait.until(ExpectedConditions.textToBePresentInElementLocated(row, "Gemeld"));
            click(wait, row, "Spoor");
            wait.until(ExpectedConditions.visibilityOfElementLocated(
                    By.xpath("//h2[text()='Spoor van gebeurtenis 00000000-0000-4000-8000-0000000000ba']")));
        } catch (RuntimeException | AssertionError e) {
            screenshot(chrome, "console-error.png");
            throw new AssertionError("console page " + chrome.getCurrentUrl() + " when it failed:\n" + chrome.getPageSource(), e);
        } finally {
            chrome.quit();
        }
    }

    @Test
    void everyOtherActionWorksFromTheConsoleAndReadsAsDutchText() throws Exception {
        assumeBrowser();
        relay.stop();   // whichever test ran first: mail fails again (to The Hague here; Zwolle is the other test's)
        String failed = sendAndAwait(text(MailDeliveryTest.qualifyingFor("0518", "00000000-0000-4000-8000-0000000000c1"))).get(0);
        assertThat(decisionOf(failed).decision()).isEqualTo(Decision.FAILED);
        relay.start();   // the relay is back: what follows is delivered, the failed notice waits for its replay
        String abroad = "00000000-0000-4000-8000-0000000000c2";
        String attempt = "00000000-0000-4000-8000-0000000000c3";
        String flagged = "00000000-0000-4000-8000-0000000000c4";
        List<String> messages = sendAndAwait(text(nl.bij.intake.Events.replace(MailDeliveryTest.qualifyingFor("0344", abroad),
                        "<municipality code=\"0344\" addressKind=\"HOME\"/>", "<abroad country=\"BE\"/>")),
                text(nl.bij.intake.Events.replace(MailDeliveryTest.qualifyingFor("0344", attempt), "<offence article=\"",
                        "<offence attempt=\"true\" article=\"")),
                text(nl.bij.intake.Events.replace(MailDeliveryTest.qualifyingFor("0344", flagged),
                        "<municipality code=\"0344\" addressKind=\"HOME\"/>", "<municipality code=\"0344\" addressKind=\"HOME\"/>"
                                + "<intendedMunicipality code=\"0599\">Rotterdam</intendedMunicipality>")),
                text("no xml at all, a message for the rejected list"));

        WebDriver chrome = chrome();
        try {
            WebDriverWait wait = new WebDriverWait(chrome, Duration.ofSeconds(20));
            signIn(chrome, "http://127.0.0.1:" + settings.getProperty("bij.admin.port"));

            // the review list, as a person reads it: reasons in Dutch words, times in Amsterdam's, one page of 25
            menu(chrome, wait, "review");
            By abroadRow = row(abroad);
            wait.until(ExpectedConditions.textToBePresentInElementLocated(abroadRow, "terugkeer naar het buitenland"));
            assertThat(chrome.findElement(abroadRow).getText()).contains("Te beoordelen", "(ABROAD)")
                    .containsPattern("\\d{1,2} \\p{L}{3,4}\\.? \\d{4},? \\d{2}:\\d{2}");
            assertThat(chrome.findElement(By.cssSelector(".pager")).getText()).contains("Pagina 1");
            assertThat(chrome.findElement(By.xpath("//p[@class='pager']/button[text()='Volgende']")).getAttribute("disabled"))
                    .as("fewer than a page").isNotNull();
            screenshot(chrome, "console-5-review-in-dutch.png");

            // view: the event shown as named lines, not as XML
            click(wait, abroadRow, "Bekijk");
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("detail"), "Gebeurtenis"));
            assertThat(chrome.findElement(By.id("detail")).getText()).contains("Bestemming", "country BE").doesNotContain("<");

            // resolve: choose the mayor of an event abroad
            click(wait, abroadRow, "Kies gemeente");
            answer(wait, "0344");
            answer(wait, "TICKET-1");
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("detail"), "0344"));
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> decisionOf(messages.get(0)).decision() == Decision.NOTIFIED);
            screenshot(chrome, "console-6-resolved.png");

            // close: the person does not qualify
            menu(chrome, wait, "review");
            click(wait, row(attempt), "Valt er niet onder");
            answer(wait, "TICKET-2: poging valt er hier niet onder");
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> decisionOf(messages.get(1)).decision() == Decision.NOT_QUALIFYING);

            // acknowledge: a flag on a notified event, seen and handled
            menu(chrome, wait, "review");
            click(wait, row(flagged), "Gezien");
            answer(wait, "TICKET-3: Rotterdam gebeld");
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("detail"), "TICKET-3"));
            menu(chrome, wait, "review");
            wait.until(ExpectedConditions.invisibilityOfElementLocated(row(flagged)));
            screenshot(chrome, "console-7-review-done.png");

            // a long list, one page at a time: more rejected messages than one page holds
            sendAndAwait(java.util.stream.IntStream.range(0, 26).mapToObj(i -> text("no xml either, number " + i))
                    .toArray(Sender[]::new));
            menu(chrome, wait, "rejected");
            wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(".paged tr"), 26));   // a head and 25
            chrome.findElement(By.xpath("//p[@class='pager']/button[text()='Volgende']")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".pager"), "Pagina 2"));
            assertThat(chrome.findElements(By.cssSelector(".paged tr"))).as("the rest, on page 2").hasSizeBetween(3, 26);
            screenshot(chrome, "console-12-second-page.png");

            // delete: a rejected message, after inspection
            menu(chrome, wait, "rejected");
            By rejected = By.xpath("//tr[td[2][contains(text(), 'MALFORMED_XML')]]");
            wait.until(ExpectedConditions.textToBePresentInElementLocated(rejected, "geen leesbare XML"));
            click(wait, rejected, "Verwijder");
            answer(wait, "TICKET-4: bekeken");
            wait.until(ExpectedConditions.alertIsPresent()).accept();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("detail"), "deleted"));

            // bulk replay of a municipality: the preview first, then the replay itself
            menu(chrome, wait, "failed");
            wait.until(ExpectedConditions.elementToBeClickable(By.id("bulk-municipality"))).sendKeys("0518");
            chrome.findElement(By.xpath("//button[text()='Toon wat opnieuw gaat']")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("bulk-result"), "zou worden: opnieuw aangeboden"));
            assertThat(decisionOf(failed).decision()).as("a preview changes nothing").isEqualTo(Decision.FAILED);
            screenshot(chrome, "console-8-bulk-preview.png");
            chrome.findElement(By.xpath("//button[text()='Verstuur deze 1 opnieuw']")).click();
            wait.until(ExpectedConditions.alertIsPresent()).accept();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("detail"), "opnieuw aangeboden"));
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> decisionOf(failed).decision() == Decision.NOTIFIED);

            // suppress a municipality, then lift the rule
            menu(chrome, wait, "suppressions");
            wait.until(ExpectedConditions.elementToBeClickable(By.id("suppress-municipality"))).sendKeys("0268");
            chrome.findElement(By.id("suppress-reason")).sendKeys("TICKET-5: via de regio");
            chrome.findElement(By.xpath("//button[text()='Onderdruk']")).click();
            wait.until(ExpectedConditions.alertIsPresent()).accept();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("detail"), "0268"));
            menu(chrome, wait, "suppressions");
            By rule = By.xpath("//tr[td[2][text()='0268']]");
            wait.until(ExpectedConditions.presenceOfElementLocated(rule));
            screenshot(chrome, "console-9-suppressed.png");
            click(wait, rule, "Opheffen");
            answer(wait, "TICKET-5 afgerond");
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("detail"), "TICKET-5 afgerond"));

            // the trail of the resolved event: its notice as text, then a forced resend, on the record
            menu(chrome, wait, "trail");
            wait.until(ExpectedConditions.elementToBeClickable(By.id("trail-event"))).sendKeys(abroad);
            chrome.findElement(By.xpath("//button[text()='Toon']")).click();
            By notice = By.xpath("//tr[td[3][text()='0344']]");
            wait.until(ExpectedConditions.textToBePresentInElementLocated(notice, "afgeleverd"));
            click(wait, notice, "Bekijk");
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("detail"), "Kenmerk"));
            assertThat(chrome.findElement(By.id("detail")).getText()).contains("Aan", "Gronden").doesNotContain("<");
            screenshot(chrome, "console-10-notice-as-text.png");
            click(wait, notice, "Forceer opnieuw");
            wait.until(ExpectedConditions.alertIsPresent()).accept();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("detail"), "nogmaals verstuurd"));
            screenshot(chrome, "console-11-forced-resend.png");
            assertThat(admin("GET", "/audit?target=" + abroad, AdminApiTest.OPERATOR).body())
                    .contains("resolve", "otto");
        } catch (RuntimeException | AssertionError e) {
            screenshot(chrome, "console-error.png");
            throw new AssertionError("console page " + chrome.getCurrentUrl() + " when it failed:\n" + chrome.getPageSource(), e);
        } finally {
            chrome.quit();
        }
    }

    /** Otto, an operator, signs in to the console. */
    private static void signIn(WebDriver chrome, String base) {
        chrome.get(base + "/console/");
        chrome.findElement(By.id("user")).sendKeys("otto");
        chrome.findElement(By.id("password")).sendKeys("operator-secret");
        chrome.findElement(By.cssSelector("#login button[type=submit]")).click();
    }

    private static By row(String firstCell) {
        return By.xpath("//tr[td[1][text()='" + firstCell + "']]");
    }

    private static void menu(WebDriver chrome, WebDriverWait wait, String view) {
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("nav button[data-view=" + view + "]"))).click();
    }

    private static void click(WebDriverWait wait, By row, String button) {
        wait.until(ExpectedConditions.elementToBeClickable(By.xpath(xpathOf(row) + "//button[text()='" + button + "']"))).click();
    }

    private static String xpathOf(By by) {
        return by.toString().replaceFirst("^By\\.xpath: ", "");
    }

    /** Answers the page's prompt. */
    private static void answer(WebDriverWait wait, String text) {
        org.openqa.selenium.Alert prompt = wait.until(ExpectedConditions.alertIsPresent());
        prompt.sendKeys(text);
        prompt.accept();
    }

    /**
     * A review item's event may carry elements of another namespace (the contract allows them), so an attacker who
     * can put a message on the queue can put XHTML script in a document an operator opens. It must never run: the
     * console shows the document as text, and the API serves it as a sandboxed attachment.
     */
    @Test
    void aCraftedReviewDocumentRunsNoScript() throws Exception {
        assumeBrowser();
        String script = "<h:script xmlns:h=\"http://www.w3.org/1999/xhtml\">window.name = 'pwned';</h:script>";
        String eventId = "00000000-0000-4000-8000-0000000000bb";
        String event = nl.bij.intake.Events.replace(MailDeliveryTest.qualifyingFor("0344", eventId),
                "<municipality code=\"0344\" addressKind=\"HOME\"/>", "<abroad country=\"BE\"/>")
                .replace("</releaseEvent>", script + "</releaseEvent>");
        assertThat(decisionOf(sendAndAwait(text(event)).get(0)).reason()).isEqualTo("ABROAD");
        String document = admin("GET", "/items/review/" + eventId + "/document", AdminApiTest.OPERATOR).body();
        assertThat(document).as("the kept copy still has the crafted element").contains("window.name = 'pwned'");

        ChromeDriver chrome = (ChromeDriver) chrome();
        try {
            chrome.get("data:application/xml;base64," + java.util.Base64.getEncoder().encodeToString(
                    document.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            // window.name outlives a navigation: whatever page a script ran in, the tab remembers it
            assertThat(chrome.executeScript("return window.name"))
                    .as("control: the same document, served without our headers, runs its script").isEqualTo("pwned");
            chrome.executeScript("window.name = ''");

            String base = "http://127.0.0.1:" + settings.getProperty("bij.admin.port");
            WebDriverWait wait = new WebDriverWait(chrome, Duration.ofSeconds(20));
            signIn(chrome, base);
            wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("nav button[data-view=review]"))).click();
            wait.until(ExpectedConditions.elementToBeClickable(By.xpath("//tr[td[1][text()='" + eventId
                    + "']]//button[text()='Bekijk']"))).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("detail"), "window.name"));
            screenshot(chrome, "console-6-crafted-document.png");
            assertThat(chrome.executeScript("return window.name")).as("shown as text in the console").isEqualTo("");

            // opened directly, with the operator's login: an attachment under a sandbox, never a page that runs
            chrome.executeCdpCommand("Network.enable", java.util.Map.of());
            chrome.executeCdpCommand("Network.setExtraHTTPHeaders", java.util.Map.of("headers", java.util.Map.of(
                    "Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                            AdminApiTest.OPERATOR.getBytes(java.nio.charset.StandardCharsets.UTF_8)))));
            int viewsBefore = views(eventId);
            chrome.get(base + "/api/v1/items/review/" + eventId + "/document");
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> views(eventId) == viewsBefore + 1);
            assertThat(chrome.executeScript("return window.name")).as("opened directly").isEqualTo("");
        } catch (RuntimeException | AssertionError e) {
            screenshot(chrome, "console-error.png");
            throw new AssertionError("console page " + chrome.getCurrentUrl() + " when it failed:\n" + chrome.getPageSource(), e);
        } finally {
            chrome.quit();
        }
    }

    /** How often the review document was served (each view is on the record). */
    private int views(String eventId) throws Exception {
        String audit = admin("GET", "/audit?target=" + eventId, AdminApiTest.OPERATOR).body();
        return audit.split("\"view-review\"", -1).length - 1;
    }

    static WebDriver chrome() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(List.of("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--no-first-run", "--window-size=1280,900"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build();
        return new ChromeDriver(service, options);
    }

    static void screenshot(WebDriver chrome, String name) throws Exception {
        Path shot = ((TakesScreenshot) chrome).getScreenshotAs(OutputType.FILE).toPath();
        Files.createDirectories(Path.of("target"));
        Files.copy(shot, Path.of("target", name), StandardCopyOption.REPLACE_EXISTING);
    }
}
