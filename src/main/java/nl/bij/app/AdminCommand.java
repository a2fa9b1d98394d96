package nl.bij.app;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import nl.bij.operations.AdminClient;
import nl.bij.operations.Operators;

/**
 * {@code bij-service admin ...}: the operators' command line over the admin API. The password comes from
 * {@code BIJ_ADMIN_PASSWORD} or is asked for; it is never an argument (it would land in the shell history).
 */
@Command(name = "admin", mixinStandardHelpOptions = true, description = "Operate a running service over its admin API.",
        subcommands = {AdminCommand.Status.class, AdminCommand.Event.class, AdminCommand.Trail.class,
            AdminCommand.ListItems.class, AdminCommand.Show.class, AdminCommand.Replay.class, AdminCommand.Resolve.class,
            AdminCommand.Confirm.class, AdminCommand.Withdraw.class, AdminCommand.Acknowledge.class, AdminCommand.Suppress.class,
            AdminCommand.DeadLettersCommand.class, AdminCommand.Audit.class})
final class AdminCommand {

    /** Where the API is, who asks, and how to show the answer. */
    static final class Connection {
        @Option(names = "--url", defaultValue = "${BIJ_ADMIN_URL:-http://127.0.0.1:8081}",
                description = "The admin API (default ${DEFAULT-VALUE}).")
        String url;

        @Option(names = {"-u", "--user"}, defaultValue = "${BIJ_ADMIN_USER:-${sys:user.name}}",
                description = "Operator name (default ${DEFAULT-VALUE}).")
        String user;

        @Option(names = "--password", interactive = true, arity = "0",
                description = "Ask for the password (else it comes from BIJ_ADMIN_PASSWORD); never give it as an argument.")
        char[] password;

        @Option(names = "--json", description = "Print the API's JSON instead of tables.")
        boolean json;

        /** An id goes into the URL path: only the characters ids have, so it cannot become another path. */
        static String id(String value) {
            if (value == null || !value.matches("[A-Za-z0-9:._-]{1,100}")) {
                throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(new AdminCommand()),
                        "not an id: " + value);
            }
            return value;
        }

        int show(AdminClient.Answer answer) throws Exception {
            if (!answer.ok()) {
                System.err.println("HTTP " + answer.status() + ": " + AdminClient.detailOf(answer.body()));
                return answer.status() == 401 || answer.status() == 403 ? CommandLineErrors.LOGIN_REFUSED
                        : CommandLineErrors.FAILED;
            }
            System.out.print(json ? answer.body() + "\n" : client().render(answer.body()));
            return 0;
        }

        AdminClient client() {
            return new AdminClient(url, user, password != null ? password : fromEnvironment("BIJ_ADMIN_PASSWORD"));
        }
    }

    @Command(name = "status", description = "Counts per decision and reason, oldest failed and review items, deliveries per municipality.")
    static final class Status implements Callable<Integer> {
        @Mixin
        Connection api;

        @Override
        public Integer call() throws Exception {
            return api.show(api.client().get("/status", Map.of()));
        }
    }

    @Command(name = "event", description = "The decision of one event (the API's fixed lookup).")
    static final class Event implements Callable<Integer> {
        @Mixin
        Connection api;
        @Parameters(paramLabel = "EVENT_ID")
        String eventId;

        @Override
        public Integer call() throws Exception {
            return api.show(api.client().get("/events/" + Connection.id(eventId), Map.of()));
        }
    }

    @Command(name = "trail", description = "Everything done about an event or a case: decisions, notices, operator actions.")
    static final class Trail implements Callable<Integer> {
        @Mixin
        Connection api;
        @Option(names = "--event")
        String eventId;
        @Option(names = "--case")
        String caseId;

        @Override
        public Integer call() throws Exception {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("eventId", eventId);
            query.put("caseId", caseId);
            return api.show(api.client().get("/trail", query));
        }
    }

    @Command(name = "list", description = "Items waiting for a person: failed, review, confirm (judgments waiting for"
            + " a second operator) or rejected; or delivering (notices on their way, oldest first: what may be stuck)"
            + " or recent (the newest decisions of every kind).")
    static final class ListItems implements Callable<Integer> {
        @Mixin
        Connection api;
        @Parameters(paramLabel = "failed|review|confirm|rejected|delivering|recent")
        String kind;
        @Option(names = "--municipality")
        String municipality;
        @Option(names = "--reason", description = "A reason code, or its beginning.")
        String reason;
        @Option(names = "--since", description = "yyyy-mm-dd")
        String since;
        @Option(names = "--page", defaultValue = "0")
        int page;

        @Override
        public Integer call() throws Exception {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("municipality", municipality);
            query.put("reason", reason);
            query.put("since", since);
            query.put("page", String.valueOf(page));
            return api.show(api.client().get("/items/" + Connection.id(kind), query));
        }
    }

    @Command(name = "replay", description = "Deliver failed notices again: of one event, a municipality or a channel.")
    static final class Replay implements Callable<Integer> {
        @Mixin
        Connection api;
        @Option(names = "--event")
        String eventId;
        @Option(names = "--municipality")
        String municipality;
        @Option(names = "--channel", description = "XML or MAIL")
        String channel;
        @Option(names = "--dry-run", description = "Say what would happen; change nothing.")
        boolean dryRun;
        @Option(names = "--force", description = "Send a delivered notice once more (same noticeId); on the record.")
        boolean force;

        @Override
        public Integer call() throws Exception {
            if (java.util.stream.Stream.of(eventId, municipality, channel).filter(java.util.Objects::nonNull).count() != 1) {
                System.err.println("give one of --event, --municipality, --channel");
                return 2;
            }
            Map<String, String> query = new LinkedHashMap<>();
            query.put("dryRun", String.valueOf(dryRun));
            query.put("force", String.valueOf(force));
            String path = eventId != null ? "/replay/events/" + Connection.id(eventId)
                    : municipality != null ? "/replay/municipalities/" + Connection.id(municipality)
                    : "/replay/channels/" + Connection.id(channel);
            return api.show(api.client().post(path, query));
        }
    }

    @Command(name = "show", description = "A notice (--notice) or a review item's event (--review), in full as XML;"
            + " operators only, and the view is recorded.")
    static final class Show implements Callable<Integer> {
        @Mixin
        Connection api;
        @Option(names = "--notice")
        String noticeId;
        @Option(names = "--review", paramLabel = "EVENT_ID")
        String reviewEventId;

        @Override
        public Integer call() throws Exception {
            if ((noticeId == null) == (reviewEventId == null)) {
                System.err.println("give --notice or --review");
                return 2;
            }
            AdminClient.Answer answer = api.client().get(noticeId != null ? "/notices/" + Connection.id(noticeId)
                    : "/items/review/" + Connection.id(reviewEventId) + "/document", Map.of());
            if (!answer.ok()) {
                return api.show(answer);
            }
            System.out.println(answer.body());
            return 0;
        }
    }

    @Command(name = "resolve", description = "Resolve a review item: --municipality CODE (notify that mayor), --route"
            + " ROUTE (the person qualifies: a legal judgment, which a second operator confirms), or --close.")
    static final class Resolve implements Callable<Integer> {
        @Mixin
        Connection api;
        @Option(names = "--event", required = true)
        String eventId;
        @Option(names = "--municipality", description = "The municipality a person chose.")
        String municipality;
        @Option(names = "--route", description = "The person qualifies by this route: ROUTE_A_LIST1, ROUTE_A_LIST2,"
                + " ROUTE_A_ARSON, ROUTE_B_TBS or ROUTE_C_PIJ.")
        String route;
        @Option(names = "--ground", description = "For ROUTE_A_LIST1: ZEDEN or GEWELD; without it, read from the offences (ZEDEN if any is a list-1 sexual offence, else GEWELD).")
        String ground;
        @Option(names = "--close", description = "No notice: close the item.")
        boolean close;
        @Option(names = "--reason", required = true, description = "The legal reason, or a ticket or agreement"
                + " reference; no personal data.")
        String reason;

        @Override
        public Integer call() throws Exception {
            if (close == (municipality != null || route != null)) {
                System.err.println("give --municipality CODE and/or --route ROUTE, or --close");
                return 2;
            }
            if (close) {
                return api.show(api.client().post("/items/review/" + Connection.id(eventId) + "/close", Map.of("reason", reason)));
            }
            Map<String, String> query = new LinkedHashMap<>();
            query.put("municipality", municipality);
            query.put("route", route);
            query.put("ground", ground);
            query.put("reason", reason);
            return api.show(api.client().post("/items/review/" + Connection.id(eventId) + "/resolve", query));
        }
    }

    @Command(name = "confirm", description = "Confirm another operator's judgment that a review item qualifies"
            + " (four eyes): the notice then leaves, or is held for its window.")
    static final class Confirm implements Callable<Integer> {
        @Mixin
        Connection api;
        @Option(names = "--event", required = true)
        String eventId;

        @Override
        public Integer call() throws Exception {
            return api.show(api.client().post("/items/review/" + Connection.id(eventId) + "/confirm", Map.of()));
        }
    }

    @Command(name = "withdraw", description = "Withdraw the notice a mayor has for a review item's case (the item"
            + " says the notice stands and a person decides): the withdrawal leaves like any other notice.")
    static final class Withdraw implements Callable<Integer> {
        @Mixin
        Connection api;
        @Option(names = "--event", required = true)
        String eventId;
        @Option(names = "--why", defaultValue = "RETURN_CANCELLED", description = "RETURN_CANCELLED (the return will"
                + " not happen; the default) or OTHER_MUNICIPALITY (the person does not return to this municipality).")
        String why;
        @Option(names = "--reason", required = true, description = "The legal reason, or a ticket or agreement"
                + " reference; no personal data.")
        String reason;

        @Override
        public Integer call() throws Exception {
            return api.show(api.client().post("/items/review/" + Connection.id(eventId) + "/withdraw",
                    Map.of("why", why, "reason", reason)));
        }
    }

    @Command(name = "acknowledge", description = "Acknowledge a flag on a notified event"
            + " (INTENDED_MUNICIPALITY_DIFFERS): it leaves the review list.")
    static final class Acknowledge implements Callable<Integer> {
        @Mixin
        Connection api;
        @Option(names = "--event", required = true)
        String eventId;
        @Option(names = "--reason", required = true, description = "What was done, or a ticket reference.")
        String reason;

        @Override
        public Integer call() throws Exception {
            return api.show(api.client().post("/items/review/" + Connection.id(eventId) + "/acknowledge",
                    Map.of("reason", reason)));
        }
    }

    @Command(name = "suppress", description = "List suppression rules, add one (--municipality, --reason) or lift one (--lift ID).")
    static final class Suppress implements Callable<Integer> {
        @Mixin
        Connection api;
        @Option(names = "--municipality")
        String municipality;
        @Option(names = "--from", description = "yyyy-mm-dd, inclusive")
        String from;
        @Option(names = "--until", description = "yyyy-mm-dd, inclusive")
        String until;
        @Option(names = "--lift", paramLabel = "ID")
        String lift;
        @Option(names = "--reason")
        String reason;

        @Override
        public Integer call() throws Exception {
            if (lift != null) {
                return api.show(api.client().post("/suppressions/" + Connection.id(lift) + "/lift", Map.of("reason", nullToEmpty(reason))));
            }
            if (municipality == null) {
                return api.show(api.client().get("/suppressions", Map.of()));
            }
            Map<String, String> query = new LinkedHashMap<>();
            query.put("municipality", municipality);
            query.put("from", from);
            query.put("until", until);
            query.put("reason", reason);
            return api.show(api.client().post("/suppressions", query));
        }

        private static String nullToEmpty(String text) {
            return text == null ? "" : text;
        }
    }

    @Command(name = "dead-letters", description = "What was dead-lettered after every attempt (a fault in the"
            + " message or the code), or expired before intake took it: list them, --show ID (aftercare cut out), --requeue ID to the queue it came from"
            + " once the cause is fixed, or --delete ID; --requeue and --delete need --reason.")
    static final class DeadLettersCommand implements Callable<Integer> {
        @Mixin
        Connection api;
        @Option(names = "--show", paramLabel = "MESSAGE_ID")
        String show;
        @Option(names = "--requeue", paramLabel = "MESSAGE_ID")
        String requeue;
        @Option(names = "--delete", paramLabel = "MESSAGE_ID")
        String delete;
        @Option(names = "--reason", description = "A ticket reference, what was fixed; no personal data.")
        String reason;

        @Override
        public Integer call() throws Exception {
            if (java.util.stream.Stream.of(show, requeue, delete).filter(java.util.Objects::nonNull).count() > 1) {
                System.err.println("give at most one of --show, --requeue, --delete");
                return 2;
            }
            if (show != null) {
                AdminClient.Answer answer = api.client().get("/dead-letters/" + Connection.id(show), Map.of());
                if (!answer.ok()) {
                    return api.show(answer);
                }
                System.out.println(answer.body());
                return 0;
            }
            String id = requeue != null ? requeue : delete;
            if (id == null) {
                return api.show(api.client().get("/dead-letters", Map.of()));
            }
            if (reason == null) {
                System.err.println("--reason is required");
                return 2;
            }
            return api.show(api.client().post("/dead-letters/" + Connection.id(id) + (requeue != null ? "/requeue" : "/delete"),
                    Map.of("reason", reason)));
        }
    }

    @Command(name = "audit", description = "Operator actions, newest first, or those on one target.")
    static final class Audit implements Callable<Integer> {
        @Mixin
        Connection api;
        @Option(names = "--target", description = "An eventId, noticeId or municipality code.")
        String target;

        @Override
        public Integer call() throws Exception {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("target", target);
            return api.show(api.client().get("/audit", query));
        }
    }

    /** A secret from the environment (or a system property of that name, for tests); empty if neither is set. */
    static char[] fromEnvironment(String name) {
        String value = System.getProperty(name, System.getenv(name));
        return value == null ? new char[0] : value.toCharArray();
    }

    /** {@code bij-service hash-password}: a line for operators.properties, the password asked for, never echoed. */
    @Command(name = "hash-password", mixinStandardHelpOptions = true,
            description = "Print an operators.properties line for a new operator.")
    static final class HashPassword implements Callable<Integer> {
        @Option(names = "--name", required = true)
        String name;
        @Option(names = "--role", required = true, description = "viewer or operator")
        String role;
        @Option(names = "--password", interactive = true, arity = "0",
                description = "Ask for the password (else it comes from BIJ_NEW_PASSWORD).")
        char[] password;

        @Override
        public Integer call() {
            if (password == null) {
                password = fromEnvironment("BIJ_NEW_PASSWORD");
            }
            if (password == null || password.length < 12) {
                System.err.println("a password of at least 12 characters, please");
                return 2;
            }
            System.out.println(name + " = " + Operators.hash(Operators.Role.valueOf(role.toUpperCase()), password));
            return 0;
        }
    }
}
