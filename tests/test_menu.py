"""The menu by what people do (issue 14, item 8): a manager's day first, the leaders' pages after
it in one group (so that a head's menu keeps one line at 1440 px), the rest in the user's menu,
and the page the user is on marked."""

from django.urls import reverse

from tests.conftest import client_for

DAY = [
    reverse("control:my_work"),
    reverse("control:board"),
    reverse("base:company_list") + "?scope=free",
    reverse("control:call_round"),
    reverse("base:company_list"),
    reverse("deals:list"),
    reverse("billing:receivables"),
    reverse("care:complaints"),
]
LEADING = [
    reverse("control:control"),
    reverse("plans:list"),
    reverse("reports:funnel"),
    reverse("segments:report"),
    reverse("pay:payroll"),
    reverse("meetings:list"),
    reverse("meetings:reviews"),
    reverse("audit:audit"),
]


def menus(client, path: str) -> tuple[list[str], list[str], list[str]]:
    """The main menu's addresses (its leaders' group after the day), the user menu's, and those
    marked as the current page."""
    response = client.get(path)
    assert response.status_code == 200
    day, leading = response.context["main_menu"], response.context["leading_menu"]
    main, user = day + leading, response.context["user_menu"]
    current = [entry.url for entry in main + user if entry.current]
    html = response.content.decode()
    for url in current:
        assert f'href="{url}" aria-current="page"' in html
    assert (html.count('data-testid="leading-menu"') == 1) == bool(leading)
    return [entry.url for entry in main], [entry.url for entry in user], current


def test_a_manager_has_his_day_in_the_menu_and_the_rest_in_his_own(people):
    main, user, _ = menus(client_for(people.hunter1), reverse("control:my_work"))
    assert main == DAY
    assert user == [
        reverse("pay:mine"),
        reverse("reports:funnel"),
        reverse("segments:report"),
        reverse("meetings:list"),
        reverse("meetings:reviews"),
        reverse("hiring:onboarding_mine"),
        reverse("prospecting:list"),
        reverse("materials:library"),
        reverse("training:courses"),
        reverse("playbook:objections"),
        reverse("playbook:drills"),
        reverse("api-docs"),
        reverse("setup:two_factor"),
    ]
    assert reverse("hiring:list") not in user  # candidates are the leaders'


def test_the_leaders_pages_are_one_group_after_the_day(people):
    response = client_for(people.head).get(reverse("control:my_work"))
    day = [entry.url for entry in response.context["main_menu"]]
    leading = [entry.url for entry in response.context["leading_menu"]]
    assert day == DAY
    assert leading == [*LEADING, reverse("care:big_fish"), reverse("setup:hub")]
    group = response.content.decode().split('data-testid="leading-menu"')[1].split("</details>")[0]
    assert all(f'href="{url}"' in group for url in leading)


def test_the_head_of_sales_also_has_control_plans_abc_pay_and_settings(people):
    main, user, _ = menus(client_for(people.head), reverse("control:my_work"))
    assert main == [*DAY, *LEADING, reverse("care:big_fish"), reverse("setup:hub")]
    assert reverse("segments:report") not in user
    assert reverse("crmimport:upload") in user
    assert reverse("hiring:list") in user
    assert reverse("setup:logins") in user


def test_a_department_head_has_no_settings_entry(people):
    main, _, _ = menus(client_for(people.hunters_lead), reverse("control:my_work"))
    assert main == [*DAY, *LEADING]


def test_the_page_the_user_is_on_is_marked_and_only_it(people, base):
    hunter = client_for(people.hunter1)
    to_call = reverse("base:company_list") + "?scope=free"
    assert menus(hunter, to_call + "&page=2")[2] == [to_call]
    assert menus(hunter, reverse("base:company_list"))[2] == [reverse("base:company_list")]
    assert menus(hunter, reverse("control:board"))[2] == [reverse("control:board")]
    assert menus(hunter, reverse("pay:mine"))[2] == [reverse("pay:mine")]
    card = reverse("base:company_detail", args=[base.of_hunter1.pk])
    assert menus(hunter, card)[2] == [reverse("base:company_list")]
    head = client_for(people.head)
    assert menus(head, reverse("pay:payroll"))[2] == [reverse("pay:payroll")]
