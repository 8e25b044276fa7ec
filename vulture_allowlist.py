"""Names vulture reports as unused that are used, by frameworks that call them by name.

Checked by `make lint` (see [tool.vulture] in pyproject.toml); keep each entry with its reason.
"""

# Rasa's OutputChannel / InputChannel interface: Rasa calls these on the Messenger connector.
_.send_text_with_buttons
_.send_elements
_.send_image_url
_.send_custom_json
_.from_credentials
_.get_output_channel
_.blueprint
MessengerInput  # named in credentials.yml
# Rasa's GraphComponent interface: the NLU components' hooks and `create` arguments.
_.get_default_config
_.process_training_data
_.train
model_storage
execution_context
# The NLU components named in config.yml's pipeline.
PriceEntityExtractor
SearchIntentRule
UtteranceIntentRule
ElisionFilter
EntityShapeFilter
ColourWordExtractor
# Rasa's LockStore interface, and the store named in endpoints files.
AtomicRedisLockStore
_.update_lock
_.finish_serving
_.cleanup
# Rasa's TrackerStore interface, and the SQL store named in endpoints files.
IncrementalSQLTrackerStore
_._retrieve
_.save
# Stdlib / library attributes set for their effect.
_.isolation_level  # sqlite3: leave transactions to SQLAlchemy (BEGIN IMMEDIATE)
_.should_exit  # uvicorn.Server: stops the server thread
_.do_POST  # http.server handler
_.log_message  # http.server handler
_.dump_to_disk  # localstripe: keep its store in memory
model_config  # pydantic-settings configuration
# The sandbox's fake Graph API takes the version from the path, whatever it is.
version
_.profile_writes  # read by tests of the Messenger profile set-up
# Used by testkit/ (the tests' and benchmarks' support package), which vulture does not read.
create_chaos_proxy  # testkit/shop.py: faults between the shop and Stripe, and before webhooks
sign_request  # tests: signs Meta's data-deletion callbacks as Facebook does
# Columns stored from feeds and read by SQL and reports, not by attribute in Python.
google_product_category
gender
finished_at
cart_id
# The meals department's rules (issue 12): the cart and the conversation of meal orders call them
# (their branches, not this one); tests/unit/test_menu_rules.py holds them to the rules meanwhile.
price_of
delivery_check
dish_available
menu_from_database
PICKUP  # Fulfilment.PICKUP: a shopper who collects the order
EXTRA  # GroupKind.EXTRA: read from feeds by value ("extra")
# The answers of delivery_check, worded by the conversation.
_.fee_minor
_.minimum_minor
_.missing_minor
# The flight request's merge, for the flight form's actions (issue 12); tested in tests/unit.
merge_flight_request
# The flights department's interface for the cart/order code (issue 12), built before its
# callers; tests and bench/flights.py call them.
fares_by_code
lock_fares
airports_of_city  # for the understanding of "Lisbonne", "Paris" (every airport of a city)
origin_city  # FlightOffer: shown to the shopper
destination_city
# pydantic validators, called by pydantic when settings are read.
_._known_timezone
# Fields read through asdict() / vars(): the action server's /metrics (actions/metrics.py) and
# the per-turn rows of bench/turn_profile.py.
_.handler_ms
_.request_bytes
_.rasa_cpu_ms
_.actions_cpu_ms
_.action_calls
_.action_handler_ms
_.action_request_bytes
# Rasa's and Keras's model attributes, set for them to read (assistant/rasa_model_load.py).
_.run_eagerly
_.prepared_for_prediction
