<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU">
<context>
    <name>AdminPage</name>
    <message>
        <source>Company</source>
        <translation>Организация</translation>
    </message>
    <message>
        <source>Tariffs</source>
        <translation>Тарифы</translation>
    </message>
    <message>
        <source>Cash desks</source>
        <translation>Кассы</translation>
    </message>
    <message>
        <source>Payment registries</source>
        <translation>Реестры платежей</translation>
    </message>
    <message>
        <source>Buildings</source>
        <translation>Дома</translation>
    </message>
    <message>
        <source>Installers</source>
        <translation>Монтажники</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>Сотрудники</translation>
    </message>
    <message>
        <source>Billing</source>
        <translation>Расчёт</translation>
    </message>
    <message>
        <source>Reminders</source>
        <translation>Напоминания</translation>
    </message>
    <message>
        <source>Promotions</source>
        <translation>Акции</translation>
    </message>
    <message>
        <source>Outages</source>
        <translation>Перерывы связи</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>Сеть</translation>
    </message>
</context>
<context>
    <name>AgentDialog</name>
    <message>
        <source>New payment agent</source>
        <translation>Новый платёжный агент</translation>
    </message>
    <message>
        <source>Payment agent {name}</source>
        <translation>Платёжный агент {name}</translation>
    </message>
    <message>
        <source>Latin letters and digits, such as sber</source>
        <translation>латинские буквы и цифры, например sber</translation>
    </message>
    <message>
        <source>Required fields: date, operation, account, amount; optional: commission, payer, address, period, time. A column is named by its header text or its number from 1. Also: delimiter, encoding (auto, cp1251, utf-8), header_rows, date_format, total_label.</source>
        <translation>Обязательные поля: date, operation, account, amount; необязательные: commission, payer, address, period, time. Столбец задаётся текстом заголовка или номером с 1. Кроме того: delimiter, encoding (auto, cp1251, utf-8), header_rows, date_format, total_label.</translation>
    </message>
    <message>
        <source>none: files are imported by hand</source>
        <translation>нет: файлы загружаются вручную</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Выбрать…</translation>
    </message>
    <message>
        <source>Active: the scheduled import reads its watched folder</source>
        <translation>Активен: плановая загрузка читает его папку</translation>
    </message>
    <message>
        <source>Code:</source>
        <translation>Код:</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Название:</translation>
    </message>
    <message>
        <source>File format:</source>
        <translation>Формат файла:</translation>
    </message>
    <message>
        <source>Column mapping:</source>
        <translation>Столбцы файла:</translation>
    </message>
    <message>
        <source>Watched folder:</source>
        <translation>Папка для файлов:</translation>
    </message>
    <message>
        <source>Folder the agent&apos;s files arrive in</source>
        <translation>Папка, в которую приходят файлы агента</translation>
    </message>
</context>
<context>
    <name>AgentsList</name>
    <message>
        <source>Banks and agents</source>
        <translation>Банки и агенты</translation>
    </message>
    <message>
        <source>&amp;Add agent…</source>
        <translation>&amp;Добавить агента…</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Изменить…</translation>
    </message>
</context>
<context>
    <name>AgentsModel</name>
    <message>
        <source>Name</source>
        <translation>Название</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Код</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Формат</translation>
    </message>
    <message>
        <source>Watched folder</source>
        <translation>Папка для файлов</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <source>active</source>
        <translation>активен</translation>
    </message>
    <message>
        <source>inactive</source>
        <translation>отключён</translation>
    </message>
</context>
<context>
    <name>AnonymiseButton</name>
    <message>
        <source>Anonymise former subscribers…</source>
        <translation>Обезличить бывших абонентов…</translation>
    </message>
    <message>
        <source>Past the period but held back, their balance not zero (settle it first): {count}.</source>
        <translation>Срок прошёл, но не обезличиваются, потому что баланс не нулевой (сначала урегулируйте его): {count}.</translation>
    </message>
    <message>
        <source>Nobody is due: no former subscriber&apos;s contracts all ended on or before {date}.</source>
        <translation>Обезличивать некого: нет бывших абонентов, у которых все договоры закончились {date} или раньше.</translation>
    </message>
    <message>
        <source>Former subscribers whose contracts all ended on or before {date} and who owe nothing: {count}. Their names, phones, e-mails, passports and notes will be removed for good; their payments and history stay. Anonymise them?</source>
        <translation>Бывших абонентов, у которых все договоры закончились {date} или раньше и нет долга или переплаты: {count}. Их ФИО, телефоны, e-mail, паспорта и заметки будут удалены безвозвратно; платежи и история останутся. Обезличить?</translation>
    </message>
    <message>
        <source>Former subscribers anonymised: {count}.</source>
        <translation>Обезличено бывших абонентов: {count}.</translation>
    </message>
    <message>
        <source>Changed meanwhile and left as they were: {count}.</source>
        <translation>Изменились за это время и оставлены как были: {count}.</translation>
    </message>
</context>
<context>
    <name>BatchesList</name>
    <message>
        <source>Posted registries</source>
        <translation>Проведённые реестры</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Обновить</translation>
    </message>
    <message>
        <source>&amp;Cancel registry…</source>
        <translation>О&amp;тменить реестр…</translation>
    </message>
    <message>
        <source>Cancel registry {file}</source>
        <translation>Отмена реестра {file}</translation>
    </message>
    <message>
        <source>Why is the registry cancelled?</source>
        <translation>Почему реестр отменяется?</translation>
    </message>
    <message>
        <source>The registry {file} from {agent} will be cancelled — payments: {count}, amount: {amount}. What they cleared (debts, blocks, disconnect orders) will be put back. Cancel the registry?</source>
        <translation>Реестр {file} от агента «{agent}» будет отменён — платежей: {count}, на сумму {amount}. Всё, что они погасили (долги, блокировки, наряды на отключение), вернётся. Отменить реестр?</translation>
    </message>
    <message>
        <source>Payments cancelled: {count}, amount: {amount}.</source>
        <translation>Отменено платежей: {count}, на сумму {amount}.</translation>
    </message>
    <message>
        <source>Debts back with their dates: {count}.</source>
        <translation>Долгов возвращено с прежними датами: {count}.</translation>
    </message>
    <message>
        <source>Services blocked again: {count}.</source>
        <translation>Услуг снова заблокировано: {count}.</translation>
    </message>
    <message>
        <source>Disconnect orders back on the dispatcher&apos;s queue: {count}.</source>
        <translation>Нарядов на отключение возвращено диспетчеру: {count}.</translation>
    </message>
    <message>
        <source>Reconnection fees reversed: {fees}; reconnect orders cancelled: {orders}.</source>
        <translation>Сторнировано плат за подключение: {fees}; отменено нарядов на подключение: {orders}.</translation>
    </message>
    <message>
        <source>Cable TV already reconnected, left as it is (an administrator decides, see the history): {count}.</source>
        <translation>КТВ уже подключено и оставлено как есть (решает администратор, см. историю): {count}.</translation>
    </message>
</context>
<context>
    <name>BatchesModel</name>
    <message>
        <source>Posted</source>
        <translation>Проведён</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>Агент</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Файл</translation>
    </message>
    <message>
        <source>Paid on</source>
        <translation>Дата оплаты</translation>
    </message>
    <message>
        <source>Payments</source>
        <translation>Платежей</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Сумма</translation>
    </message>
    <message>
        <source>Commission</source>
        <translation>Комиссия</translation>
    </message>
    <message>
        <source>Left aside</source>
        <translation>Отложено</translation>
    </message>
    <message>
        <source>Posted by</source>
        <translation>Провёл</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Отменён</translation>
    </message>
    <message>
        <source>{when}: {reason}</source>
        <translation>{when}: {reason}</translation>
    </message>
    <message>
        <source>scheduled import</source>
        <translation>плановая загрузка</translation>
    </message>
</context>
<context>
    <name>BillingPage</name>
    <message>
        <source>&amp;Run billing</source>
        <translation>&amp;Запустить расчёт</translation>
    </message>
    <message>
        <source>Ca&amp;ncel</source>
        <translation>О&amp;становить</translation>
    </message>
    <message>
        <source>The run charges every service for the date (and any missed days before it), then applies the debt policy. Usually a scheduler starts it every night.</source>
        <translation>Расчёт начисляет плату за все услуги на дату (и за пропущенные дни до неё), затем применяет правила работы с должниками. Обычно его каждую ночь запускает планировщик.</translation>
    </message>
    <message>
        <source>Business date:</source>
        <translation>Учётная дата:</translation>
    </message>
    <message>
        <source>History of runs</source>
        <translation>История расчётов</translation>
    </message>
    <message>
        <source>Billing run for {date} in progress…</source>
        <translation>Идёт расчёт за {date}…</translation>
    </message>
    <message>
        <source>charges %p%</source>
        <translation>начисления %p%</translation>
    </message>
    <message>
        <source>debt policy</source>
        <translation>должники</translation>
    </message>
    <message>
        <source>Done: {days} day(s), {charges} charges, {orders} disconnect orders.</source>
        <translation>Готово: дней {days}, начислений {charges}, нарядов на отключение {orders}.</translation>
    </message>
</context>
<context>
    <name>BoardModel</name>
    <message>
        <source>disconnect CaTV</source>
        <translation>отключить КТВ</translation>
    </message>
    <message>
        <source>reconnect CaTV</source>
        <translation>подключить КТВ</translation>
    </message>
    <message>
        <source>install</source>
        <translation>подключение</translation>
    </message>
    <message>
        <source>repair</source>
        <translation>ремонт</translation>
    </message>
    <message>
        <source>new</source>
        <translation>новый</translation>
    </message>
    <message>
        <source>assigned</source>
        <translation>назначен</translation>
    </message>
    <message>
        <source>done</source>
        <translation>выполнен</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>не выполнен</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>отменён</translation>
    </message>
    <message>
        <source>District</source>
        <translation>Район</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Адрес</translation>
    </message>
    <message>
        <source>Apt.</source>
        <translation>Кв.</translation>
    </message>
    <message>
        <source>Tap / seal</source>
        <translation>Отвод / пломба</translation>
    </message>
    <message>
        <source>Work</source>
        <translation>Работа</translation>
    </message>
    <message>
        <source>Subscriber</source>
        <translation>Абонент</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Телефон</translation>
    </message>
    <message>
        <source>Debt</source>
        <translation>Долг</translation>
    </message>
    <message>
        <source>Days</source>
        <translation>Дней</translation>
    </message>
    <message>
        <source>Installer</source>
        <translation>Монтажник</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>День</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Срок</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Состояние</translation>
    </message>
</context>
<context>
    <name>BoardPage</name>
    <message>
        <source>open orders</source>
        <translation>открытые наряды</translation>
    </message>
    <message>
        <source>new</source>
        <translation>новые</translation>
    </message>
    <message>
        <source>assigned</source>
        <translation>назначенные</translation>
    </message>
    <message>
        <source>done</source>
        <translation>выполненные</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>отменённые</translation>
    </message>
    <message>
        <source>all work</source>
        <translation>все работы</translation>
    </message>
    <message>
        <source>&amp;Assign…</source>
        <translation>&amp;Назначить…</translation>
    </message>
    <message>
        <source>&amp;Unassign</source>
        <translation>&amp;Снять с маршрута</translation>
    </message>
    <message>
        <source>&amp;Outcome…</source>
        <translation>&amp;Результат…</translation>
    </message>
    <message>
        <source>&amp;New order…</source>
        <translation>Нов&amp;ый наряд…</translation>
    </message>
    <message>
        <source>&amp;Print route sheets…</source>
        <translation>&amp;Печать маршрутных листов…</translation>
    </message>
    <message>
        <source>The installer chosen in the filter above, or everyone&apos;s when the filter shows all</source>
        <translation>Монтажника, выбранного в фильтре выше, или всех, если в фильтре — все монтажники</translation>
    </message>
    <message>
        <source>all districts</source>
        <translation>все районы</translation>
    </message>
    <message>
        <source>all installers</source>
        <translation>все монтажники</translation>
    </message>
    <message>
        <source>New: {new}   Assigned: {assigned}   Due today: {today}   Overdue: {overdue}</source>
        <translation>Новых: {new}   Назначено: {assigned}   На сегодня: {today}   Просрочено: {overdue}</translation>
    </message>
    <message>
        <source>Cancelled after printing — call the installer: {installer}, {day}: {address}, apt. {apt}</source>
        <translation>Отменён после печати — позвоните монтажнику: {installer}, {day}: {address}, кв. {apt}</translation>
    </message>
    <message>
        <source>Dispatch</source>
        <translation>Диспетчерская</translation>
    </message>
    <message>
        <source>Assign {count} order(s)</source>
        <translation>Назначить нарядов: {count}</translation>
    </message>
    <message>
        <source>— choose the installer —</source>
        <translation>— выберите монтажника —</translation>
    </message>
    <message>
        <source>Installer:</source>
        <translation>Монтажник:</translation>
    </message>
    <message>
        <source>Day:</source>
        <translation>День:</translation>
    </message>
    <message numerus="yes">
        <source>%n visit(s) that day</source>
        <translation>
            <numerusform>%n визит на этот день</numerusform>
            <numerusform>%n визита на этот день</numerusform>
            <numerusform>%n визитов на этот день</numerusform>
        </translation>
    </message>
    <message>
        <source>Outcome of the order at {address}, apt. {apt}</source>
        <translation>Результат наряда: {address}, кв. {apt}</translation>
    </message>
    <message>
        <source>work done</source>
        <translation>выполнено</translation>
    </message>
    <message>
        <source>no access</source>
        <translation>нет доступа</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>отказ</translation>
    </message>
    <message>
        <source>postponed</source>
        <translation>перенос</translation>
    </message>
    <message>
        <source>Outcome:</source>
        <translation>Результат:</translation>
    </message>
    <message>
        <source>Postponed to:</source>
        <translation>Перенесён на:</translation>
    </message>
    <message>
        <source>Note:</source>
        <translation>Примечание:</translation>
    </message>
    <message>
        <source>Select one order to record its outcome.</source>
        <translation>Выберите один наряд, чтобы отметить результат.</translation>
    </message>
    <message>
        <source>New work order</source>
        <translation>Новый наряд</translation>
    </message>
    <message>
        <source>Work:</source>
        <translation>Работа:</translation>
    </message>
    <message>
        <source>Contract No.:</source>
        <translation>Договор №:</translation>
    </message>
    <message>
        <source>Due:</source>
        <translation>Срок:</translation>
    </message>
    <message>
        <source>Preparing route sheets…</source>
        <translation>Готовлю маршрутные листы…</translation>
    </message>
    <message>
        <source>{installer} has no orders assigned for that day.</source>
        <translation>У монтажника {installer} нет нарядов на этот день.</translation>
    </message>
    <message>
        <source>Route sheets</source>
        <translation>Маршрутные листы</translation>
    </message>
    <message>
        <source>Nobody has orders assigned for that day.</source>
        <translation>На этот день никому не назначены наряды.</translation>
    </message>
    <message>
        <source>Route sheet of {installer} for {date}</source>
        <translation>Маршрутный лист: {installer} на {date}</translation>
    </message>
    <message>
        <source>Route sheets for {date}</source>
        <translation>Маршрутные листы на {date}</translation>
    </message>
</context>
<context>
    <name>BuildingTableModel</name>
    <message>
        <source>Address</source>
        <translation>Адрес</translation>
    </message>
    <message>
        <source>Town</source>
        <translation>Населённый пункт</translation>
    </message>
    <message>
        <source>District</source>
        <translation>Район</translation>
    </message>
    <message>
        <source>Tap / node</source>
        <translation>Ответвитель / узел</translation>
    </message>
    <message>
        <source>Apartments</source>
        <translation>Квартир</translation>
    </message>
</context>
<context>
    <name>BuildingsPage</name>
    <message>
        <source>Add &amp;district…</source>
        <translation>Добавить &amp;район…</translation>
    </message>
    <message>
        <source>&amp;Rename…</source>
        <translation>П&amp;ереименовать…</translation>
    </message>
    <message>
        <source>Deac&amp;tivate</source>
        <translation>О&amp;тключить</translation>
    </message>
    <message>
        <source>Districts</source>
        <translation>Районы</translation>
    </message>
    <message>
        <source>Find: street, house, town, district or tap, e.g. ленина 12</source>
        <translation>Поиск: улица, дом, населённый пункт, район или ответвитель, например ленина 12</translation>
    </message>
    <message>
        <source>&amp;New building…</source>
        <translation>&amp;Новый дом…</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Изменить…</translation>
    </message>
    <message>
        <source>Add a&amp;partments…</source>
        <translation>Добавить &amp;квартиры…</translation>
    </message>
    <message>
        <source>New district</source>
        <translation>Новый район</translation>
    </message>
    <message>
        <source>Rename district {name}</source>
        <translation>Переименование района {name}</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Название:</translation>
    </message>
    <message>
        <source>Deactivate the district {name}? Its buildings and installers keep it, but new buildings and installers cannot be assigned to it.</source>
        <translation>Отключить район {name}? Дома и монтажники останутся в нём, но новые дома и монтажников к нему отнести будет нельзя.</translation>
    </message>
    <message>
        <source>Deactivate district</source>
        <translation>Отключение района</translation>
    </message>
    <message>
        <source>(no district)</source>
        <translation>(без района)</translation>
    </message>
    <message>
        <source>{name} (deactivated)</source>
        <translation>{name} (отключён)</translation>
    </message>
    <message>
        <source>New building</source>
        <translation>Новый дом</translation>
    </message>
    <message>
        <source>Building {address}</source>
        <translation>Дом {address}</translation>
    </message>
    <message>
        <source>e.g. ул. Ленина</source>
        <translation>например, ул. Ленина</translation>
    </message>
    <message>
        <source>12, 12а or 12/1</source>
        <translation>12, 12а или 12/1</translation>
    </message>
    <message>
        <source>if the house has several: к1, стр. 2</source>
        <translation>если у дома их несколько: к1, стр. 2</translation>
    </message>
    <message>
        <source>Town:</source>
        <translation>Населённый пункт:</translation>
    </message>
    <message>
        <source>Street:</source>
        <translation>Улица:</translation>
    </message>
    <message>
        <source>House:</source>
        <translation>Дом:</translation>
    </message>
    <message>
        <source>Block:</source>
        <translation>Корпус / строение:</translation>
    </message>
    <message>
        <source>District:</source>
        <translation>Район:</translation>
    </message>
    <message>
        <source>Tap / node:</source>
        <translation>Ответвитель / узел:</translation>
    </message>
    <message>
        <source>Add apartments to {address}</source>
        <translation>Добавление квартир: {address}</translation>
    </message>
    <message>
        <source>e.g. 1-60, 62, 64а, 70-72</source>
        <translation>например, 1-60, 62, 64а, 70-72</translation>
    </message>
    <message>
        <source>Private house: one premises without an apartment number</source>
        <translation>Частный дом: одно помещение без номера квартиры</translation>
    </message>
    <message>
        <source>Apartments:</source>
        <translation>Квартиры:</translation>
    </message>
    <message>
        <source>Numbers and ranges separated by commas, e.g. 1-120 or 1-60, 62, 64а, 70-72. The building has {count} now; apartments already there are skipped.</source>
        <translation>Номера и диапазоны через запятую, например 1-120 или 1-60, 62, 64а, 70-72. Сейчас в доме помещений: {count}; уже имеющиеся квартиры пропускаются.</translation>
    </message>
    <message>
        <source>{address}: {added} added, {skipped} already there.</source>
        <translation>{address}: добавлено {added}, уже были — {skipped}.</translation>
    </message>
    <message>
        <source>Reac&amp;tivate</source>
        <translation>&amp;Включить</translation>
    </message>
</context>
<context>
    <name>CashDeskPage</name>
    <message>
        <source>&amp;Open shift…</source>
        <translation>&amp;Открыть смену…</translation>
    </message>
    <message>
        <source>&amp;X report</source>
        <translation>&amp;X-отчёт</translation>
    </message>
    <message>
        <source>&amp;Close shift…</source>
        <translation>&amp;Закрыть смену…</translation>
    </message>
    <message>
        <source>&amp;Take payment…</source>
        <translation>&amp;Принять платёж…</translation>
    </message>
    <message>
        <source>contract number, or a name, phone, address</source>
        <translation>номер договора, или ФИО, телефон, адрес</translation>
    </message>
    <message>
        <source>&amp;Find subscriber…</source>
        <translation>&amp;Найти абонента…</translation>
    </message>
    <message>
        <source>By name, phone, address or contract number (F3)</source>
        <translation>По ФИО, телефону, адресу или номеру договора (F3)</translation>
    </message>
    <message>
        <source>Contract or subscriber:</source>
        <translation>Договор или абонент:</translation>
    </message>
    <message>
        <source>&amp;Reprint receipt</source>
        <translation>Повторить &amp;квитанцию</translation>
    </message>
    <message>
        <source>Ca&amp;ncel payment…</source>
        <translation>О&amp;тменить платёж…</translation>
    </message>
    <message>
        <source>Print receipts without asking (default printer)</source>
        <translation>Печатать квитанции без вопросов (принтер по умолчанию)</translation>
    </message>
    <message>
        <source>A4 with counterfoil</source>
        <translation>A4 с корешком</translation>
    </message>
    <message>
        <source>80 mm receipt roll</source>
        <translation>Чековая лента 80 мм</translation>
    </message>
    <message>
        <source>Receipt:</source>
        <translation>Квитанция:</translation>
    </message>
    <message>
        <source>No open shift. Open a shift to take payments.</source>
        <translation>Смена не открыта. Откройте смену, чтобы принимать платежи.</translation>
    </message>
    <message>
        <source>Shift {shift} at {desk}, open since {time}</source>
        <translation>Смена {shift} · {desk} · открыта с {time}</translation>
    </message>
    <message>
        <source>Payments: {count}; cash in the drawer: {cash}</source>
        <translation>Платежей: {count}; наличных в кассе: {cash}</translation>
    </message>
    <message>
        <source>Close the shift</source>
        <translation>Закрытие смены</translation>
    </message>
    <message>
        <source>{count} fiscal receipt(s) of this shift are not on the cash register yet. If you close now they are printed when the next shift opens at this desk. Close anyway?</source>
        <translation>Кассовых чеков этой смены ещё не пробито на кассе: {count}. Если закрыть смену сейчас, они будут пробиты при открытии следующей смены на этой кассе. Всё равно закрыть?</translation>
    </message>
    <message>
        <source>Cash register</source>
        <translation>Онлайн-касса</translation>
    </message>
    <message>
        <source>Your shift is closed, but the cash register&apos;s shift is not: {why}. It is closed (with its Z report) when the next shift opens at this desk.</source>
        <translation>Ваша смена закрыта, а смена на кассе — нет: {why}. Её закроют (с Z-отчётом) при открытии следующей смены на этой кассе.</translation>
    </message>
    <message>
        <source>{kind} report, shift {shift}</source>
        <translation>{kind}-отчёт, смена {shift}</translation>
    </message>
    <message>
        <source>Cash desk</source>
        <translation>Касса</translation>
    </message>
    <message>
        <source>Whether the last payment went through is not known yet: it is checked before the next.</source>
        <translation>Прошёл ли последний платёж, пока не известно: это будет проверено перед следующим.</translation>
    </message>
    <message>
        <source>Posted earlier: receipt {receipt}, {amount}. It was not posted again.</source>
        <translation>Проведён ранее: квитанция {receipt}, {amount}. Повторно не проведён.</translation>
    </message>
    <message>
        <source>Posted: receipt {receipt}, {amount}; balance after it {balance}.</source>
        <translation>Проведён: квитанция {receipt}, {amount}; баланс после платежа {balance}.</translation>
    </message>
    <message>
        <source>Whether the payment of {amount} to contract {number} went through is still not known ({why}). No payment is taken until it is: do not take the money again.</source>
        <translation>Прошёл ли платёж {amount} по договору {number}, всё ещё не известно ({why}). Пока это не выяснится, платежи не принимаются: не берите деньги повторно.</translation>
    </message>
    <message>
        <source>The payment of {amount} to contract {number} had gone through: receipt {receipt}. It was not posted again; its receipt is printed now.</source>
        <translation>Платёж {amount} по договору {number} прошёл: квитанция {receipt}. Повторно он не проведён; квитанция печатается сейчас.</translation>
    </message>
    <message>
        <source>The payment of {amount} to contract {number} was NOT posted. If the subscriber still pays, take it again.</source>
        <translation>Платёж {amount} по договору {number} НЕ проведён. Если абонент платит, примите его заново.</translation>
    </message>
    <message>
        <source>Receipt {number}</source>
        <translation>Квитанция {number}</translation>
    </message>
    <message>
        <source>Cancel payment, receipt {number}</source>
        <translation>Отмена платежа, квитанция {number}</translation>
    </message>
    <message>
        <source>Payment:</source>
        <translation>Платёж:</translation>
    </message>
    <message>
        <source>why it is cancelled</source>
        <translation>причина отмены</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>Причина:</translation>
    </message>
    <message>
        <source>Cancel the payment</source>
        <translation>Отменить платёж</translation>
    </message>
    <message>
        <source>Keep the payment</source>
        <translation>Не отменять</translation>
    </message>
    <message>
        <source>Payment cancelled</source>
        <translation>Платёж отменён</translation>
    </message>
    <message>
        <source>The debt is back with its original date.</source>
        <translation>Долг восстановлен с прежней даты начала.</translation>
    </message>
    <message>
        <source>Internet is blocked again.</source>
        <translation>Интернет снова заблокирован.</translation>
    </message>
    <message>
        <source>The cable TV disconnect order is back on the dispatcher&apos;s queue.</source>
        <translation>Наряд на отключение кабельного ТВ снова в очереди диспетчера.</translation>
    </message>
    <message>
        <source>The reconnection fee is reversed and the reconnect order cancelled.</source>
        <translation>Плата за подключение сторнирована, наряд на подключение отменён.</translation>
    </message>
    <message>
        <source>Cable TV had already been reconnected: an administrator decides (see the history).</source>
        <translation>Кабельное ТВ уже подключено: решение принимает администратор (см. историю).</translation>
    </message>
</context>
<context>
    <name>CashDesksModel</name>
    <message>
        <source>Name</source>
        <translation>Название</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>Где находится</translation>
    </message>
    <message>
        <source>Last receipt No.</source>
        <translation>Последняя квитанция №</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>Смена</translation>
    </message>
    <message>
        <source>Cash register</source>
        <translation>Онлайн-касса</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <source>open</source>
        <translation>открыта</translation>
    </message>
    <message>
        <source>none: no fiscal receipts</source>
        <translation>нет: без фискальных чеков</translation>
    </message>
    <message>
        <source>active</source>
        <translation>работает</translation>
    </message>
    <message>
        <source>inactive</source>
        <translation>отключена</translation>
    </message>
</context>
<context>
    <name>CashDesksPage</name>
    <message>
        <source>Each desk numbers its receipts on its own, without gaps. The numbering cannot be reset or edited: only a posted payment advances it.</source>
        <translation>Каждая касса нумерует свои квитанции сама, без пропусков. Нумерацию нельзя сбросить или изменить: её продвигает только проведённый платёж.</translation>
    </message>
    <message>
        <source>&amp;New desk…</source>
        <translation>&amp;Новая касса…</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Изменить…</translation>
    </message>
    <message>
        <source>New cash desk</source>
        <translation>Новая касса</translation>
    </message>
    <message>
        <source>Cash desk {name}</source>
        <translation>Касса {name}</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Название:</translation>
    </message>
    <message>
        <source>Location:</source>
        <translation>Где находится:</translation>
    </message>
    <message>
        <source>e.g. http://127.0.0.1:16732; empty = no cash register</source>
        <translation>например http://127.0.0.1:16732; пусто — без онлайн-кассы</translation>
    </message>
    <message>
        <source>The online cash register of this desk: the address of its ATOL driver web server as the desk&apos;s computer reaches it. With a register, every cash and card payment at the desk gets a fiscal receipt; without one the desk takes payments with the program&apos;s receipt only.</source>
        <translation>Онлайн-касса этого рабочего места: адрес веб-сервера драйвера АТОЛ, как его видит компьютер кассира. С кассой каждый платёж наличными и картой получает фискальный чек; без неё принимаются платежи только с квитанцией программы.</translation>
    </message>
    <message>
        <source>Cash register:</source>
        <translation>Онлайн-касса:</translation>
    </message>
    <message>
        <source>Active (payments can be taken)</source>
        <translation>Работает (можно принимать платежи)</translation>
    </message>
    <message>
        <source>Last receipt No.:</source>
        <translation>Последняя квитанция №:</translation>
    </message>
</context>
<context>
    <name>CloseShiftDialog</name>
    <message>
        <source>Close the shift</source>
        <translation>Закрытие смены</translation>
    </message>
    <message>
        <source>Cash desk:</source>
        <translation>Касса:</translation>
    </message>
    <message>
        <source>Expected in the drawer:</source>
        <translation>Должно быть в кассе:</translation>
    </message>
    <message>
        <source>counted cash, ₽</source>
        <translation>пересчитанные наличные, ₽</translation>
    </message>
    <message>
        <source>Counted cash, ₽:</source>
        <translation>Пересчитано наличных, ₽:</translation>
    </message>
    <message>
        <source>Difference:</source>
        <translation>Расхождение:</translation>
    </message>
    <message>
        <source>none</source>
        <translation>нет</translation>
    </message>
    <message>
        <source>surplus {amount}</source>
        <translation>излишек {amount}</translation>
    </message>
    <message>
        <source>shortage {amount}</source>
        <translation>недостача {amount}</translation>
    </message>
</context>
<context>
    <name>CompanyPage</name>
    <message>
        <source>Company</source>
        <translation>Организация</translation>
    </message>
    <message>
        <source>Legal name:</source>
        <translation>Полное наименование:</translation>
    </message>
    <message>
        <source>INN:</source>
        <translation>ИНН:</translation>
    </message>
    <message>
        <source>KPP:</source>
        <translation>КПП:</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>Адрес:</translation>
    </message>
    <message>
        <source>Phone:</source>
        <translation>Телефон:</translation>
    </message>
    <message>
        <source>Bank</source>
        <translation>Банк</translation>
    </message>
    <message>
        <source>Bank name:</source>
        <translation>Наименование банка:</translation>
    </message>
    <message>
        <source>BIC:</source>
        <translation>БИК:</translation>
    </message>
    <message>
        <source>Settlement account:</source>
        <translation>Расчётный счёт:</translation>
    </message>
    <message>
        <source>Correspondent account:</source>
        <translation>Корреспондентский счёт:</translation>
    </message>
    <message>
        <source>Russian ruble (₽)</source>
        <translation>Российский рубль (₽)</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>Регион</translation>
    </message>
    <message>
        <source>Time zone:</source>
        <translation>Часовой пояс:</translation>
    </message>
    <message>
        <source>Currency:</source>
        <translation>Валюта:</translation>
    </message>
    <message>
        <source> days</source>
        <translation> дн.</translation>
    </message>
    <message>
        <source>empty: one monthly fee of the service</source>
        <translation>пусто: одна абонентская плата услуги</translation>
    </message>
    <message>
        <source>empty: 12 months of the contract&apos;s fees, at most 50 000</source>
        <translation>пусто: 12 месяцев оплаты договора, не больше 50 000</translation>
    </message>
    <message>
        <source>Debt policy</source>
        <translation>Работа с должниками</translation>
    </message>
    <message>
        <source>Grace period before a CaTV disconnect:</source>
        <translation>Отсрочка до отключения КТВ:</translation>
    </message>
    <message>
        <source>Reconnection fee, ₽:</source>
        <translation>Плата за повторное подключение, ₽:</translation>
    </message>
    <message>
        <source>Cash desk</source>
        <translation>Касса</translation>
    </message>
    <message>
        <source>Ask the cashier to confirm payments above, ₽:</source>
        <translation>Просить кассира подтвердить платёж больше, ₽:</translation>
    </message>
    <message>
        <source> min</source>
        <translation> мин</translation>
    </message>
    <message>
        <source>Workstations</source>
        <translation>Рабочие места</translation>
    </message>
    <message>
        <source>Lock a workstation left unused for:</source>
        <translation>Блокировать рабочее место, если им не пользуются:</translation>
    </message>
    <message>
        <source>Sign in with a second factor:</source>
        <translation>Вход со вторым фактором:</translation>
    </message>
    <message>
        <source> months</source>
        <translation> мес.</translation>
    </message>
    <message>
        <source>Personal data</source>
        <translation>Персональные данные</translation>
    </message>
    <message>
        <source>Keep former subscribers&apos; personal data after the last contract ends:</source>
        <translation>Хранить персональные данные бывших абонентов после окончания последнего договора:</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Сохранить</translation>
    </message>
    <message>
        <source>&amp;Revert</source>
        <translation>&amp;Отменить изменения</translation>
    </message>
    <message>
        <source>The settings are saved.</source>
        <translation>Настройки сохранены.</translation>
    </message>
</context>
<context>
    <name>ContractStatus</name>
    <message>
        <source>active</source>
        <translation>действует</translation>
    </message>
    <message>
        <source>suspended</source>
        <translation>приостановлен</translation>
    </message>
    <message>
        <source>terminated</source>
        <translation>расторгнут</translation>
    </message>
</context>
<context>
    <name>CreditsModel</name>
    <message>
        <source>Contract</source>
        <translation>Договор</translation>
    </message>
    <message>
        <source>Subscriber</source>
        <translation>Абонент</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Услуга</translation>
    </message>
    <message>
        <source>Tariff</source>
        <translation>Тариф</translation>
    </message>
    <message>
        <source>Hours</source>
        <translation>Часов</translation>
    </message>
    <message>
        <source>Credit</source>
        <translation>Компенсация</translation>
    </message>
</context>
<context>
    <name>DebtorsModel</name>
    <message>
        <source>District</source>
        <translation>Район</translation>
    </message>
    <message>
        <source>Building</source>
        <translation>Дом</translation>
    </message>
    <message>
        <source>Apt.</source>
        <translation>Кв.</translation>
    </message>
    <message>
        <source>Contract</source>
        <translation>Договор</translation>
    </message>
    <message>
        <source>Subscriber</source>
        <translation>Абонент</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Телефон</translation>
    </message>
    <message>
        <source>Debt</source>
        <translation>Долг</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>С</translation>
    </message>
    <message>
        <source>Days</source>
        <translation>Дней</translation>
    </message>
    <message>
        <source>Services</source>
        <translation>Услуги</translation>
    </message>
</context>
<context>
    <name>DebtorsPage</name>
    <message>
        <source>&amp;Show</source>
        <translation>&amp;Показать</translation>
    </message>
    <message>
        <source>&amp;Print report…</source>
        <translation>Пе&amp;чать отчёта…</translation>
    </message>
    <message>
        <source>&amp;Export to CSV…</source>
        <translation>&amp;Выгрузить в CSV…</translation>
    </message>
    <message>
        <source>Debt &amp;notices for the building…</source>
        <translation>&amp;Уведомления по дому…</translation>
    </message>
    <message>
        <source>On:</source>
        <translation>На:</translation>
    </message>
    <message>
        <source>Reading the debtors…</source>
        <translation>Читаю список должников…</translation>
    </message>
    <message>
        <source>Debtors: {count}, total debt {debt}. Showing the first {shown}; reading the rest…</source>
        <translation>Должников: {count}, общий долг {debt}. Показаны первые {shown}; читаю остальных…</translation>
    </message>
    <message>
        <source>Debtors: {count}, total debt {debt}.</source>
        <translation>Должников: {count}, общий долг {debt}.</translation>
    </message>
    <message>
        <source>Debtors on {date}</source>
        <translation>Должники на {date}</translation>
    </message>
    <message>
        <source>Debt notices</source>
        <translation>Уведомления о долге</translation>
    </message>
    <message>
        <source>Select a debtor in the building first.</source>
        <translation>Сначала выберите должника в нужном доме.</translation>
    </message>
    <message>
        <source>Debt notices: {building}</source>
        <translation>Уведомления о долге: {building}</translation>
    </message>
    <message>
        <source>Export debtors</source>
        <translation>Выгрузка должников</translation>
    </message>
    <message>
        <source>CSV for Excel (*.csv)</source>
        <translation>CSV для Excel (*.csv)</translation>
    </message>
    <message>
        <source>{count} debtors saved to {path}.</source>
        <translation>Сохранено должников: {count}, файл {path}.</translation>
    </message>
</context>
<context>
    <name>DemoData</name>
    <message>
        <source>Company, staff and tariffs</source>
        <translation>Организация, сотрудники и тарифы</translation>
    </message>
    <message>
        <source>Buildings and apartments</source>
        <translation>Дома и квартиры</translation>
    </message>
    <message>
        <source>Subscribers, contracts, charges and payments</source>
        <translation>Абоненты, договоры, начисления и платежи</translation>
    </message>
    <message>
        <source>Receipts and cash desk shifts</source>
        <translation>Квитанции и кассовые смены</translation>
    </message>
    <message>
        <source>Payment history</source>
        <translation>История платежей</translation>
    </message>
    <message>
        <source>Indexes, keys and statistics</source>
        <translation>Индексы, ключи и статистика</translation>
    </message>
    <message>
        <source>Preparing the tables for fast reads</source>
        <translation>Подготовка таблиц к быстрому чтению</translation>
    </message>
</context>
<context>
    <name>DeskSession</name>
    <message>
        <source>Demo database. Logins: {logins}; password: {password}</source>
        <translation>Демонстрационная база. Логины: {logins}; пароль: {password}</translation>
    </message>
    <message>
        <source>Subscriber Desk</source>
        <translation>Subscriber Desk</translation>
    </message>
    <message>
        <source>The database on the server is older than this program. Ask the server&apos;s administrator to run «subscriber-desk db upgrade» as the tables&apos; owner, then sign in again.</source>
        <translation>База данных на сервере старее этой программы. Попросите администратора сервера выполнить «subscriber-desk db upgrade» от имени владельца таблиц и войдите снова.</translation>
    </message>
    <message>
        <source>Database upgrade</source>
        <translation>Обновление базы данных</translation>
    </message>
    <message>
        <source>The database must be upgraded by an administrator first.</source>
        <translation>Сначала администратор должен обновить базу данных.</translation>
    </message>
    <message>
        <source>The database schema is older than this program. Upgrade it now?</source>
        <translation>Схема базы данных старше этой версии программы. Обновить её сейчас?</translation>
    </message>
</context>
<context>
    <name>DifferencesModel</name>
    <message>
        <source>Side</source>
        <translation>Сторона</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>Расхождение</translation>
    </message>
    <message>
        <source>Login</source>
        <translation>Логин</translation>
    </message>
    <message>
        <source>Contract</source>
        <translation>Договор</translation>
    </message>
    <message>
        <source>Ours</source>
        <translation>У нас</translation>
    </message>
    <message>
        <source>Theirs</source>
        <translation>У них</translation>
    </message>
</context>
<context>
    <name>DiscountDialog</name>
    <message>
        <source>every service</source>
        <translation>все услуги</translation>
    </message>
    <message>
        <source>from {start}</source>
        <translation>с {start}</translation>
    </message>
    <message>
        <source>from {start} to {end}</source>
        <translation>с {start} по {end}</translation>
    </message>
    <message>
        <source>{size} off {on} {when}: {reason}</source>
        <translation>{size} на {on} {when}: {reason}</translation>
    </message>
    <message>
        <source>Discount</source>
        <translation>Скидка</translation>
    </message>
    <message>
        <source>every service of the contract</source>
        <translation>все услуги договора</translation>
    </message>
    <message>
        <source>On:</source>
        <translation>На что:</translation>
    </message>
    <message>
        <source>percent off the monthly fee</source>
        <translation>процент от абонентской платы</translation>
    </message>
    <message>
        <source>sum off the monthly fee, ₽</source>
        <translation>сумма с абонентской платы, ₽</translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation>Вид:</translation>
    </message>
    <message>
        <source>Percent:</source>
        <translation>Процент:</translation>
    </message>
    <message>
        <source>Sum:</source>
        <translation>Сумма:</translation>
    </message>
    <message>
        <source>From:</source>
        <translation>С:</translation>
    </message>
    <message>
        <source>only until a date</source>
        <translation>только до даты</translation>
    </message>
    <message>
        <source>Until (inclusive):</source>
        <translation>По (включительно):</translation>
    </message>
    <message>
        <source>for example: a pensioner, the «Neighbours» promotion</source>
        <translation>например: пенсионер, акция «Соседи»</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>Причина:</translation>
    </message>
    <message>
        <source>End a discount</source>
        <translation>Завершить скидку</translation>
    </message>
    <message>
        <source>Discount:</source>
        <translation>Скидка:</translation>
    </message>
    <message>
        <source>Last day:</source>
        <translation>Последний день:</translation>
    </message>
</context>
<context>
    <name>DistrictCheckModel</name>
    <message>
        <source>{name} (deactivated)</source>
        <translation>{name} (отключён)</translation>
    </message>
</context>
<context>
    <name>DistrictListModel</name>
    <message>
        <source>{name} (deactivated)</source>
        <translation>{name} (отключён)</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>The action could not be completed.</source>
        <translation>Действие не выполнено.</translation>
    </message>
    <message>
        <source>Please check the entered data.</source>
        <translation>Проверьте введённые данные.</translation>
    </message>
    <message>
        <source>You do not have permission to do this ({permission}). Ask an administrator.</source>
        <translation>У вас нет прав на это действие ({permission}). Обратитесь к администратору.</translation>
    </message>
    <message>
        <source>An administrator has changed or deactivated your account since you signed in: nothing was done. Sign in again.</source>
        <translation>С момента вашего входа администратор изменил или отключил вашу учётную запись: ничего не сделано. Войдите снова.</translation>
    </message>
    <message>
        <source>Wrong login or password, or the account is locked. After several failed attempts the account is locked for a while.</source>
        <translation>Неверный логин или пароль, либо учётная запись заблокирована. После нескольких неудачных попыток вход временно блокируется.</translation>
    </message>
    <message>
        <source>The code is wrong, expired or used already. Type the code your authenticator app shows now (or one of your recovery codes); after several wrong codes the next one is checked after a pause.</source>
        <translation>Код неверен, устарел или уже использован. Введите код, который приложение-аутентификатор показывает сейчас (или один из кодов восстановления); после нескольких неверных кодов следующий проверяется с задержкой.</translation>
    </message>
    <message>
        <source>This record was changed by someone else meanwhile. It has been reloaded: check it and try again.</source>
        <translation>Эту запись за это время изменил другой пользователь. Данные перезагружены: проверьте их и повторите действие.</translation>
    </message>
    <message>
        <source>The record was not found. It may have been removed or renamed.</source>
        <translation>Запись не найдена. Возможно, её удалили или переименовали.</translation>
    </message>
    <message>
        <source>The database is unreachable: nothing was saved. Check the network and try again.</source>
        <translation>База данных недоступна: ничего не сохранено. Проверьте сеть и повторите попытку.</translation>
    </message>
    <message>
        <source>The connection to the database broke while saving. It is not known whether the change was saved: check before repeating it.</source>
        <translation>Связь с базой данных прервалась во время сохранения. Неизвестно, сохранилось ли изменение: проверьте, прежде чем повторять.</translation>
    </message>
    <message>
        <source>The database has not answered for {seconds} seconds, so the program stopped waiting: nothing was changed. Check the network, or ask the administrator whether the server works, and try again.</source>
        <translation>База данных не отвечает уже {seconds} с, программа перестала ждать: ничего не изменено. Проверьте сеть или спросите администратора, работает ли сервер, и повторите.</translation>
    </message>
    <message>
        <source>The database has not answered for {seconds} seconds while saving. It is not known whether the change was saved: check before repeating it.</source>
        <translation>База данных не ответила за {seconds} с во время сохранения. Неизвестно, сохранено ли изменение: проверьте, прежде чем повторять.</translation>
    </message>
    <message>
        <source>The database is busy with other work on the same records: nothing was saved. Try again in a minute.</source>
        <translation>База данных занята другой работой с теми же записями: ничего не сохранено. Повторите через минуту.</translation>
    </message>
    <message>
        <source>The database was upgraded by a newer version of Subscriber Desk (schema {current}). Install the newer program version on this computer.</source>
        <translation>База данных обновлена более новой версией Subscriber Desk (схема {current}). Установите на этот компьютер новую версию программы.</translation>
    </message>
    <message>
        <source>The database schema is older than this program. An administrator must upgrade it (menu on sign-in or `subscriber-desk db upgrade`).</source>
        <translation>Схема базы данных старше этой версии программы. Администратор должен обновить её (при входе в программу или командой `subscriber-desk db upgrade`).</translation>
    </message>
    <message>
        <source>The database is empty. Create its tables with `subscriber-desk db upgrade`.</source>
        <translation>База данных пуста. Создайте таблицы командой `subscriber-desk db upgrade`.</translation>
    </message>
    <message>
        <source>The database server asks for a password for user {user}.</source>
        <translation>Сервер базы данных требует пароль пользователя {user}.</translation>
    </message>
    <message>
        <source>Enter an amount.</source>
        <translation>Введите сумму.</translation>
    </message>
    <message>
        <source>The amount cannot be negative.</source>
        <translation>Сумма не может быть отрицательной.</translation>
    </message>
    <message>
        <source>Enter the amount as rubles with up to two decimals, for example 1200 or 1200,50.</source>
        <translation>Введите сумму в рублях, не более двух знаков после запятой, например 1200 или 1200,50.</translation>
    </message>
    <message>
        <source>The amount must be greater than zero.</source>
        <translation>Сумма должна быть больше нуля.</translation>
    </message>
    <message>
        <source>The amount is too large: check the figure.</source>
        <translation>Слишком большая сумма: проверьте число.</translation>
    </message>
    <message>
        <source>The password must be at least {length} characters long.</source>
        <translation>Пароль должен быть не короче {length} символов.</translation>
    </message>
    <message>
        <source>The password must not start or end with a space.</source>
        <translation>Пароль не должен начинаться или заканчиваться пробелом.</translation>
    </message>
    <message>
        <source>This password is among the first an attacker tries (a common password, a keyboard row or a repetition). Choose another: several words, for example.</source>
        <translation>Такой пароль подбирают первым (распространённый пароль, ряд клавиш или повтор). Выберите другой, например из нескольких слов.</translation>
    </message>
    <message>
        <source>Choose at least one role for the staff member.</source>
        <translation>Выберите хотя бы одну роль сотрудника.</translation>
    </message>
    <message>
        <source>A person&apos;s INN has 12 digits; {count} were typed.</source>
        <translation>ИНН физического лица — 12 цифр; введено {count}.</translation>
    </message>
    <message>
        <source>The login must be 2 to 64 Latin letters, digits, dots, hyphens or underscores.</source>
        <translation>Логин — от 2 до 64 латинских букв, цифр, точек, дефисов или подчёркиваний.</translation>
    </message>
    <message>
        <source>Enter the staff member&apos;s full name.</source>
        <translation>Введите ФИО сотрудника.</translation>
    </message>
    <message>
        <source>The login {login} is taken. Choose another one.</source>
        <translation>Логин {login} уже занят. Выберите другой.</translation>
    </message>
    <message>
        <source>You cannot take the administrator role away from yourself.</source>
        <translation>Нельзя снять роль администратора с самого себя.</translation>
    </message>
    <message>
        <source>You cannot deactivate your own account.</source>
        <translation>Нельзя отключить собственную учётную запись.</translation>
    </message>
    <message>
        <source>The two passwords differ. Type the same password twice.</source>
        <translation>Пароли не совпадают. Введите один и тот же пароль дважды.</translation>
    </message>
    <message>
        <source>Enter the cash desk&apos;s name.</source>
        <translation>Введите название кассы.</translation>
    </message>
    <message>
        <source>The name is too long: at most {limit} characters.</source>
        <translation>Слишком длинное название: не более {limit} символов.</translation>
    </message>
    <message>
        <source>Type the address of the register&apos;s driver web server, e.g. http://127.0.0.1:16732, or leave it empty for a desk without a cash register.</source>
        <translation>Введите адрес веб-сервера драйвера кассы, например http://127.0.0.1:16732, или оставьте пустым для рабочего места без онлайн-кассы.</translation>
    </message>
    <message>
        <source>A cash desk named {name} already exists.</source>
        <translation>Касса с названием {name} уже есть.</translation>
    </message>
    <message>
        <source>The desk has an open shift: the cashier must close it first.</source>
        <translation>На кассе открыта смена: сначала кассир должен её закрыть.</translation>
    </message>
    <message>
        <source>This field is required.</source>
        <translation>Это поле нужно заполнить.</translation>
    </message>
    <message>
        <source>The name is too long: at most {limit} characters fit on payment QR codes.</source>
        <translation>Слишком длинное наименование: в QR-код для оплаты помещается не более {limit} символов.</translation>
    </message>
    <message>
        <source>The bank name is too long: at most {limit} characters fit on payment QR codes.</source>
        <translation>Слишком длинное наименование банка: в QR-код для оплаты помещается не более {limit} символов.</translation>
    </message>
    <message>
        <source>Unknown time zone {zone}: choose one from the list.</source>
        <translation>Неизвестный часовой пояс {zone}: выберите из списка.</translation>
    </message>
    <message>
        <source>The grace period must be a whole number of days from 0 to {limit}.</source>
        <translation>Отсрочка — целое число дней от 0 до {limit}.</translation>
    </message>
    <message>
        <source>A workstation locks itself after 1 to {limit} minutes without use: enter a number.</source>
        <translation>Рабочее место блокируется после 1–{limit} минут без действий: введите число.</translation>
    </message>
    <message>
        <source>Personal data of former subscribers is kept {low} to {high} months after their last contract ended: enter a number.</source>
        <translation>Персональные данные бывших абонентов хранятся от {low} до {high} месяцев после окончания последнего договора: введите число.</translation>
    </message>
    <message>
        <source>The INN must have 10 digits (a company) or 12 digits (an entrepreneur); you typed {count}.</source>
        <translation>ИНН состоит из 10 цифр (организация) или 12 цифр (предприниматель); введено {count}.</translation>
    </message>
    <message>
        <source>The INN {inn} has a wrong check digit: there is a typo in it.</source>
        <translation>У ИНН {inn} неверная контрольная цифра: в номере опечатка.</translation>
    </message>
    <message>
        <source>The KPP must have 9 characters, for example 770101001.</source>
        <translation>КПП состоит из 9 знаков, например 770101001.</translation>
    </message>
    <message>
        <source>The BIC must have 9 digits and start with 04, for example 044525225.</source>
        <translation>БИК состоит из 9 цифр и начинается с 04, например 044525225.</translation>
    </message>
    <message>
        <source>The bank account must have 20 digits; you typed {count}.</source>
        <translation>Расчётный счёт состоит из 20 цифр; введено {count}.</translation>
    </message>
    <message>
        <source>The bank account does not match the BIC (the check digit is wrong): check both numbers.</source>
        <translation>Расчётный счёт не соответствует БИК (неверный контрольный разряд): проверьте оба номера.</translation>
    </message>
    <message>
        <source>The correspondent account must have 20 digits; you typed {count}.</source>
        <translation>Корреспондентский счёт состоит из 20 цифр; введено {count}.</translation>
    </message>
    <message>
        <source>The correspondent account does not match the BIC: it starts with 301 and ends with the BIC&apos;s last three digits.</source>
        <translation>Корреспондентский счёт не соответствует БИК: он начинается с 301 и оканчивается тремя последними цифрами БИК.</translation>
    </message>
    <message>
        <source>Your shift was closed a moment ago: the payment was not posted. Open a new shift and post it.</source>
        <translation>Ваша смена только что закрыта: платёж не проведён. Откройте новую смену и проведите его.</translation>
    </message>
    <message>
        <source>This payment form was already used for another payment (receipt {receipt}: {amount} to contract {contract}). Nothing new was posted: close the form and open a new one.</source>
        <translation>Эта форма платежа уже использована для другого платежа (квитанция {receipt}: {amount} по договору {contract}). Новый платёж не проведён: закройте форму и откройте новую.</translation>
    </message>
    <message>
        <source>The database is still finishing an earlier payment of this desk, so it cannot yet say whether the payment went through. Check again in a minute; do not take the money twice.</source>
        <translation>База данных ещё завершает предыдущий платёж этой кассы и пока не может сказать, прошёл ли платёж. Проверьте через минуту; не берите деньги дважды.</translation>
    </message>
    <message>
        <source>The amount must be a whole number of kopecks.</source>
        <translation>Сумма должна быть целым числом копеек.</translation>
    </message>
    <message>
        <source>At the cash desk a payment is taken in cash or by card.</source>
        <translation>В кассе платёж принимается наличными или картой.</translation>
    </message>
    <message>
        <source>The comment is too long: at most {limit} characters.</source>
        <translation>Слишком длинный комментарий: не более {limit} символов.</translation>
    </message>
    <message>
        <source>Open a shift at a cash desk before taking payments.</source>
        <translation>Чтобы принимать платежи, откройте смену на кассе.</translation>
    </message>
    <message>
        <source>Write why the payment is cancelled.</source>
        <translation>Укажите причину отмены платежа.</translation>
    </message>
    <message>
        <source>A cash payment is refunded out of a drawer: open a shift at your cash desk first, so that the refund shows in its report.</source>
        <translation>Наличные возвращаются из кассы: сначала откройте смену на своей кассе, чтобы возврат попал в её отчёт.</translation>
    </message>
    <message>
        <source>By the books your drawer holds {cash}: not enough to refund {amount} in cash.</source>
        <translation>По учёту в вашей кассе {cash}: этого не хватит, чтобы вернуть {amount} наличными.</translation>
    </message>
    <message>
        <source>This payment is already cancelled.</source>
        <translation>Этот платёж уже отменён.</translation>
    </message>
    <message>
        <source>You already have an open shift: close it before opening another.</source>
        <translation>У вас уже открыта смена: закройте её, прежде чем открывать новую.</translation>
    </message>
    <message>
        <source>Choose an active cash desk.</source>
        <translation>Выберите работающую кассу.</translation>
    </message>
    <message>
        <source>{name} has an open shift on this desk. Choose another desk.</source>
        <translation>На этой кассе открыта смена: {name}. Выберите другую кассу.</translation>
    </message>
    <message>
        <source>Someone has just opened a shift on this desk. Choose another desk.</source>
        <translation>На этой кассе только что открыли смену. Выберите другую кассу.</translation>
    </message>
    <message>
        <source>The end date is before the start date.</source>
        <translation>Дата окончания раньше даты начала.</translation>
    </message>
    <message>
        <source>Choose a period of at most three years.</source>
        <translation>Выберите период не длиннее трёх лет.</translation>
    </message>
    <message>
        <source>The tariff {name} has no price on {date}: its first price starts on {first}.</source>
        <translation>У тарифа {name} нет цены на {date}: его первая цена действует с {first}.</translation>
    </message>
    <message>
        <source>Enter the tariff&apos;s name.</source>
        <translation>Введите название тарифа.</translation>
    </message>
    <message>
        <source>The tariff&apos;s name is too long: at most {max} characters.</source>
        <translation>Слишком длинное название тарифа: не больше {max} символов.</translation>
    </message>
    <message>
        <source>A tariff named {name} already exists (perhaps retired). Choose another name.</source>
        <translation>Тариф с названием {name} уже есть (возможно, выведенный из продажи). Выберите другое название.</translation>
    </message>
    <message>
        <source>The monthly fee cannot be negative.</source>
        <translation>Абонентская плата не может быть отрицательной.</translation>
    </message>
    <message>
        <source>The monthly fee is too large (over {max}): check the figure.</source>
        <translation>Слишком большая абонентская плата (больше {max}): проверьте число.</translation>
    </message>
    <message>
        <source>Enter the speed of the Internet tariff.</source>
        <translation>Укажите скорость интернет-тарифа.</translation>
    </message>
    <message>
        <source>The speed must be greater than zero and at most 100 Gbit/s.</source>
        <translation>Скорость должна быть больше нуля и не больше 100 Гбит/с.</translation>
    </message>
    <message>
        <source>Only Internet tariffs have a speed: leave it empty.</source>
        <translation>Скорость бывает только у интернет-тарифов: оставьте поле пустым.</translation>
    </message>
    <message>
        <source>Enter how many devices an IPTV subscriber may use: from 1 to {max}.</source>
        <translation>Укажите, сколько устройств может подключить абонент IPTV: от 1 до {max}.</translation>
    </message>
    <message>
        <source>Only IPTV tariffs have a device limit: leave it empty.</source>
        <translation>Ограничение числа устройств бывает только у тарифов IPTV: оставьте поле пустым.</translation>
    </message>
    <message>
        <source>The upload speed is for Internet tariffs, above zero and at most 100 Gbit/s.</source>
        <translation>Исходящая скорость бывает только у тарифов Интернета: больше нуля и не выше 100 Гбит/с.</translation>
    </message>
    <message>
        <source>Only IPTV tariffs have TV platform packets: leave it empty.</source>
        <translation>Пакеты ТВ-платформы бывают только у тарифов IPTV: оставьте поле пустым.</translation>
    </message>
    <message>
        <source>Give the platform&apos;s packet ids separated by commas, for example 101, 205.</source>
        <translation>Укажите номера пакетов платформы через запятую, например 101, 205.</translation>
    </message>
    <message>
        <source>A new tariff cannot start in the past ({date}): charges already made are never rewritten. Choose today ({today}) or a later date.</source>
        <translation>Новый тариф не может начинать действовать в прошлом ({date}): уже сделанные начисления никогда не пересчитываются. Выберите сегодняшний день ({today}) или более позднюю дату.</translation>
    </message>
    <message>
        <source>Services on this tariff: {count}. Its kind and charging mode cannot change: create a new tariff instead.</source>
        <translation>Услуг на этом тарифе: {count}. Его вид и способ начисления изменить нельзя: создайте вместо этого новый тариф.</translation>
    </message>
    <message>
        <source>A price cannot take effect in the past ({date}): charges already made are never rewritten. Choose today ({today}) or a later date.</source>
        <translation>Цена не может начать действовать в прошлом ({date}): уже сделанные начисления никогда не пересчитываются. Выберите сегодняшний день ({today}) или более позднюю дату.</translation>
    </message>
    <message>
        <source>The tariff starts on {start}: a price cannot take effect before that.</source>
        <translation>Тариф действует с {start}: цена не может начать действовать раньше.</translation>
    </message>
    <message>
        <source>A price already took effect on {date} and today&apos;s charges may use it. Set the new price from tomorrow or later.</source>
        <translation>Цена с {date} уже действует, и сегодняшние начисления могут её использовать. Установите новую цену с завтрашнего дня или позже.</translation>
    </message>
    <message>
        <source>The price from {date} is already {fee}: nothing to change.</source>
        <translation>Цена с {date} и так {fee}: менять нечего.</translation>
    </message>
    <message>
        <source>The tariff {name} is already retired since {date}.</source>
        <translation>Тариф {name} уже выведен из продажи с {date}.</translation>
    </message>
    <message>
        <source>A tariff cannot be retired in the past ({date}). Choose today ({today}) or a later date.</source>
        <translation>Тариф нельзя вывести из продажи задним числом ({date}). Выберите сегодняшний день ({today}) или более позднюю дату.</translation>
    </message>
    <message>
        <source>Enter the speed in Mbit/s, for example 300 or 0,5.</source>
        <translation>Введите скорость в Мбит/с, например 300 или 0,5.</translation>
    </message>
    <message>
        <source>There is no contract number {number}. Check the number.</source>
        <translation>Договора с номером {number} нет. Проверьте номер.</translation>
    </message>
    <message>
        <source>No cash desk is free: every active desk has an open shift, or there are none.</source>
        <translation>Свободной кассы нет: на каждой работающей кассе открыта смена, либо касс нет.</translation>
    </message>
    <message>
        <source>A phone number holds only digits (spaces, brackets and hyphens are fine). Type it like +7 916 123-45-67.</source>
        <translation>Номер телефона состоит только из цифр (пробелы, скобки и дефисы допустимы). Введите его так: +7 916 123-45-67.</translation>
    </message>
    <message>
        <source>A Russian phone number is +7 or 8 and then 10 digits, like +7 916 123-45-67; {count} digits were typed.</source>
        <translation>Российский номер — это +7 или 8 и ещё 10 цифр, например +7 916 123-45-67; введено цифр: {count}.</translation>
    </message>
    <message>
        <source>Enter the installer&apos;s full name.</source>
        <translation>Введите ФИО монтажника.</translation>
    </message>
    <message>
        <source>The full name is too long: at most {limit} characters.</source>
        <translation>Слишком длинное ФИО: не более {limit} символов.</translation>
    </message>
    <message>
        <source>The district {name} is deactivated. Choose another one.</source>
        <translation>Район {name} отключён. Выберите другой.</translation>
    </message>
    <message>
        <source>Enter the district&apos;s name.</source>
        <translation>Введите название района.</translation>
    </message>
    <message>
        <source>There is already a district named {name}.</source>
        <translation>Район с названием {name} уже есть.</translation>
    </message>
    <message>
        <source>The text is too long: at most {limit} characters.</source>
        <translation>Слишком длинный текст: не более {limit} символов.</translation>
    </message>
    <message>
        <source>Enter the house number.</source>
        <translation>Введите номер дома.</translation>
    </message>
    <message>
        <source>Enter the house number as digits, with a letter or a fraction if it has one: 12, 12а, 12/1. A building number (к1, стр. 2) goes into the Block field.</source>
        <translation>Введите номер дома цифрами, с буквой или дробью, если они есть: 12, 12а, 12/1. Корпус или строение (к1, стр. 2) укажите в отдельном поле.</translation>
    </message>
    <message>
        <source>The building {address} is already in the list.</source>
        <translation>Дом {address} уже есть в списке.</translation>
    </message>
    <message>
        <source>Enter the street.</source>
        <translation>Введите улицу.</translation>
    </message>
    <message>
        <source>Enter the apartments to add, for example 1-120 or 1-60, 62, 64а.</source>
        <translation>Укажите, какие квартиры добавить, например 1-120 или 1-60, 62, 64а.</translation>
    </message>
    <message>
        <source>The range “{part}” runs backwards: write the smaller number first ({fixed}).</source>
        <translation>Диапазон «{part}» записан наоборот: сначала меньший номер ({fixed}).</translation>
    </message>
    <message>
        <source>Cannot read “{part}”. Write apartment numbers (12, 12а) and ranges (1-120) separated by commas.</source>
        <translation>Не удаётся разобрать «{part}». Укажите номера квартир (12, 12а) и диапазоны (1-120) через запятую.</translation>
    </message>
    <message>
        <source>Apartment numbers go from 1 to {limit}: “{part}” is not one.</source>
        <translation>Номер квартиры — от 1 до {limit}: «{part}» не подходит.</translation>
    </message>
    <message>
        <source>That is {count} apartments at once; add at most {limit} at a time. Check the range.</source>
        <translation>Это {count} квартир сразу; за один раз можно добавить не более {limit}. Проверьте диапазон.</translation>
    </message>
    <message>
        <source>This building already has apartments, so it cannot be a private house.</source>
        <translation>В этом доме уже есть квартиры, поэтому он не может быть частным.</translation>
    </message>
    <message>
        <source>This building is a private house (one premises without an apartment number).</source>
        <translation>Это частный дом (одно помещение без номера квартиры).</translation>
    </message>
    <message>
        <source>A billing run is already in progress ({holder}). Wait for it to finish, then try again.</source>
        <translation>Уже идёт расчёт ({holder}). Дождитесь его окончания и повторите.</translation>
    </message>
    <message>
        <source>The billing run was cancelled. What was charged stays; run it again to finish the day.</source>
        <translation>Расчёт прерван. Уже сделанные начисления остаются; запустите расчёт снова, чтобы завершить день.</translation>
    </message>
    <message>
        <source>The last billing run was {days} days ago ({last}). At most {limit} days are caught up at once: run the billing for an earlier date first.</source>
        <translation>Последний расчёт был {days} дн. назад ({last}). За один раз догоняется не более {limit} дней: сначала запустите расчёт на более раннюю дату.</translation>
    </message>
    <message>
        <source>The billing cannot run for {date}: that day has not come yet. Today is {today} in the company&apos;s time zone; choose today or an earlier date.</source>
        <translation>Биллинг нельзя запустить за {date}: этот день ещё не наступил. Сегодня {today} по времени компании; выберите сегодняшнюю или более раннюю дату.</translation>
    </message>
    <message>
        <source>This order was cancelled ({reason}): nothing must be done at the address.</source>
        <translation>Наряд отменён ({reason}): по адресу ничего делать не нужно.</translation>
    </message>
    <message>
        <source>This order is already closed.</source>
        <translation>Наряд уже закрыт.</translation>
    </message>
    <message>
        <source>Choose the date the visit is postponed to: today or later.</source>
        <translation>Выберите дату, на которую перенесён выезд: сегодня или позже.</translation>
    </message>
    <message>
        <source>Ask for 1 to 1000 rows at a time.</source>
        <translation>Можно запросить от 1 до 1000 строк за раз.</translation>
    </message>
    <message>
        <source>The sending timeout must be from 1 to 300 seconds.</source>
        <translation>Время ожидания отправки — от 1 до 300 секунд.</translation>
    </message>
    <message>
        <source>SMTP security must be one of: starttls, ssl, none.</source>
        <translation>Защита SMTP: starttls, ssl или none.</translation>
    </message>
    <message>
        <source>The SMTP port must be a number from 1 to 65535.</source>
        <translation>Порт SMTP — число от 1 до 65535.</translation>
    </message>
    <message>
        <source>Enter the sender&apos;s e-mail address (From) for reminders by e-mail.</source>
        <translation>Укажите адрес отправителя (From) для напоминаний по e-mail.</translation>
    </message>
    <message>
        <source>The SMS gateway address must start with https:// or http://.</source>
        <translation>Адрес SMS-шлюза должен начинаться с https:// или http://.</translation>
    </message>
    <message>
        <source>The SMS gateway method must be POST or GET.</source>
        <translation>Метод SMS-шлюза: POST или GET.</translation>
    </message>
    <message>
        <source>The SMS request format must be form or json.</source>
        <translation>Формат запроса к SMS-шлюзу: form или json.</translation>
    </message>
    <message>
        <source>Name the two different request fields for the phone and the text.</source>
        <translation>Укажите два разных поля запроса: для телефона и для текста.</translation>
    </message>
    <message>
        <source>No subscriber in this building is in debt on this date: there are no notices to print.</source>
        <translation>В этом доме на эту дату нет должников: печатать нечего.</translation>
    </message>
    <message>
        <source>The company&apos;s bank details are missing or invalid ({details}). An administrator must fill them in the company settings before documents with a payment QR code can be printed.</source>
        <translation>Не заполнены или неверны банковские реквизиты организации ({details}). Администратор должен указать их в настройках организации, чтобы печатать документы с QR-кодом для оплаты.</translation>
    </message>
    <message>
        <source>Select the orders to assign first.</source>
        <translation>Сначала выберите наряды для назначения.</translation>
    </message>
    <message>
        <source>Choose the day of the visit.</source>
        <translation>Выберите день выезда.</translation>
    </message>
    <message>
        <source>The day of the visit has passed: choose today or a later day.</source>
        <translation>День визита уже прошёл: выберите сегодняшний или более поздний день.</translation>
    </message>
    <message>
        <source>Choose an active installer.</source>
        <translation>Выберите работающего монтажника.</translation>
    </message>
    <message>
        <source>By hand only installs and repairs are created.</source>
        <translation>Вручную создаются только подключения и ремонты.</translation>
    </message>
    <message>
        <source>The due date cannot be in the past.</source>
        <translation>Срок не может быть в прошлом.</translation>
    </message>
    <message>
        <source>The number of demo subscribers must be between 1 and {maximum}.</source>
        <translation>Число демонстрационных абонентов — от 1 до {maximum}.</translation>
    </message>
    <message>
        <source>Demo history must cover 1 to 60 months.</source>
        <translation>Демонстрационная история — от 1 до 60 месяцев.</translation>
    </message>
    <message>
        <source>Demo data can only be added to a new, empty database: this one already has staff, subscribers, buildings, tariffs or cash desks.</source>
        <translation>Демонстрационные данные можно добавить только в новую, пустую базу: в этой уже есть сотрудники, абоненты, дома, тарифы или кассы.</translation>
    </message>
    <message>
        <source>A reminder text cannot be empty.</source>
        <translation>Текст напоминания не может быть пустым.</translation>
    </message>
    <message>
        <source>A reminder text is too long: at most {limit} characters.</source>
        <translation>Слишком длинный текст напоминания: не более {limit} символов.</translation>
    </message>
    <message>
        <source>Unknown placeholder {{{name}}} in a reminder text. Use only: {allowed}.</source>
        <translation>Неизвестная подстановка {{{name}}} в тексте напоминания. Можно использовать только: {allowed}.</translation>
    </message>
    <message>
        <source>The contract is terminated: its services cannot change.</source>
        <translation>Договор расторгнут: его услуги изменить нельзя.</translation>
    </message>
    <message>
        <source>The service is already closed.</source>
        <translation>Услуга уже закрыта.</translation>
    </message>
    <message>
        <source>Choose a tariff on sale for each service (a retired one cannot be used).</source>
        <translation>Выберите для каждой услуги действующий тариф (выведенный из продажи нельзя).</translation>
    </message>
    <message>
        <source>The login is Latin letters, digits and @ . _ + - (up to 64), no spaces.</source>
        <translation>Логин — латинские буквы, цифры и @ . _ + - (до 64 знаков), без пробелов.</translation>
    </message>
    <message>
        <source>The password is 6 to 64 Latin letters, digits or signs, no spaces.</source>
        <translation>Пароль — от 6 до 64 латинских букв, цифр или знаков, без пробелов.</translation>
    </message>
    <message>
        <source>The login {login} is taken on contract {contract}.</source>
        <translation>Логин {login} уже занят на договоре {contract}.</translation>
    </message>
    <message>
        <source>The TV platform&apos;s login is a Russian mobile phone, e.g. +7 916 123-45-67, or empty for the subscriber&apos;s phone.</source>
        <translation>Логин ТВ-платформы — российский мобильный телефон, например +7 916 123-45-67, или пусто, чтобы взять телефон абонента.</translation>
    </message>
    <message>
        <source>Devices: from 1 to {max}, or the tariff&apos;s.</source>
        <translation>Устройств: от 1 до {max} или как в тарифе.</translation>
    </message>
    <message>
        <source>Only Internet and IPTV services have network access to set.</source>
        <translation>Доступ в сети задаётся только для Интернета и IPTV.</translation>
    </message>
    <message>
        <source>A service cannot end before it started ({date}).</source>
        <translation>Услуга не может закончиться раньше начала ({date}).</translation>
    </message>
    <message>
        <source>A tariff change takes effect today or later, never in the past.</source>
        <translation>Смена тарифа действует с сегодняшнего дня или позже, но не задним числом.</translation>
    </message>
    <message>
        <source>The service is already on this tariff.</source>
        <translation>Услуга уже на этом тарифе.</translation>
    </message>
    <message>
        <source>Suspend until a date from tomorrow to {days} days ahead.</source>
        <translation>Приостановить можно до даты от завтрашнего дня до {days} дней вперёд.</translation>
    </message>
    <message>
        <source>Only a working service can be suspended.</source>
        <translation>Приостановить можно только работающую услугу.</translation>
    </message>
    <message>
        <source>Possible duplicate: {details}. Check it; sign anyway only if this is a different person or place.</source>
        <translation>Возможный дубль: {details}. Проверьте; заключайте договор, только если это другой человек или другое помещение.</translation>
    </message>
    <message>
        <source>«Issued by» holds at most {limit} characters ({length} typed): shorten it.</source>
        <translation>В поле «Кем выдан» помещается не больше {limit} символов (введено {length}): сократите текст.</translation>
    </message>
    <message>
        <source>Enter the subscriber&apos;s full name.</source>
        <translation>Введите ФИО абонента.</translation>
    </message>
    <message>
        <source>A person&apos;s name holds only letters, spaces, hyphens and apostrophes: {name}</source>
        <translation>ФИО может содержать только буквы, пробелы, дефисы и апострофы: {name}</translation>
    </message>
    <message>
        <source>The name is too long.</source>
        <translation>Слишком длинное имя.</translation>
    </message>
    <message>
        <source>The e-mail address looks wrong: {email}</source>
        <translation>Похоже, адрес e-mail введён неверно: {email}</translation>
    </message>
    <message>
        <source>Reminders by e-mail need an e-mail address.</source>
        <translation>Для напоминаний по e-mail нужен адрес e-mail.</translation>
    </message>
    <message>
        <source>The passport series is 4 digits.</source>
        <translation>Серия паспорта — 4 цифры.</translation>
    </message>
    <message>
        <source>The passport number is 6 digits.</source>
        <translation>Номер паспорта — 6 цифр.</translation>
    </message>
    <message>
        <source>Add at least one service to the contract.</source>
        <translation>Добавьте в договор хотя бы одну услугу.</translation>
    </message>
    <message>
        <source>Enter the Internet login the subscriber&apos;s router will use.</source>
        <translation>Укажите логин Интернета, с которым будет подключаться роутер абонента.</translation>
    </message>
    <message>
        <source>Rows with errors: {count}. Nothing is imported.</source>
        <translation>Строк с ошибками: {count}. Ничего не загружено.</translation>
    </message>
    <message>
        <source>Streets or buildings we do not have: {count}. Map the streets in mapping.json, add the buildings, or let the import create them.</source>
        <translation>Улиц или домов, которых у нас нет: {count}. Сопоставьте улицы в mapping.json, добавьте дома или разрешите загрузке создать их.</translation>
    </message>
    <message>
        <source>The export holds no contracts.</source>
        <translation>В выгрузке нет договоров.</translation>
    </message>
    <message>
        <source>The subscriber has no id.</source>
        <translation>У абонента нет кода.</translation>
    </message>
    <message>
        <source>The id {id} is already on line {line}.</source>
        <translation>Код {id} уже есть в строке {line}.</translation>
    </message>
    <message>
        <source>Latin look-alike letters replaced: «{was}» → «{now}».</source>
        <translation>Латинские буквы заменены русскими: «{was}» → «{now}».</translation>
    </message>
    <message>
        <source>The name is empty or longer than 300 characters.</source>
        <translation>Имя пустое или длиннее 300 символов.</translation>
    </message>
    <message>
        <source>The kind is person or company.</source>
        <translation>Тип: person (физлицо) или company (организация).</translation>
    </message>
    <message>
        <source>The phone {phone} is also on line {line}.</source>
        <translation>Телефон {phone} есть и в строке {line}.</translation>
    </message>
    <message>
        <source>«{text}» is not an e-mail address.</source>
        <translation>«{text}» — не адрес электронной почты.</translation>
    </message>
    <message>
        <source>An INN is 10 or 12 digits.</source>
        <translation>ИНН — 10 или 12 цифр.</translation>
    </message>
    <message>
        <source>The contract number is empty or longer than 32 characters.</source>
        <translation>Номер договора пустой или длиннее 32 символов.</translation>
    </message>
    <message>
        <source>The contract number {number} is already on line {line}.</source>
        <translation>Номер договора {number} уже есть в строке {line}.</translation>
    </message>
    <message>
        <source>Contract {number} is already in the database.</source>
        <translation>Договор {number} уже есть в базе.</translation>
    </message>
    <message>
        <source>There is no subscriber {id} in subscribers.csv.</source>
        <translation>В subscribers.csv нет абонента {id}.</translation>
    </message>
    <message>
        <source>The status is active or terminated.</source>
        <translation>Состояние: active (действует) или terminated (расторгнут).</translation>
    </message>
    <message>
        <source>The credit limit cannot be negative.</source>
        <translation>Кредитный лимит не может быть отрицательным.</translation>
    </message>
    <message>
        <source>The contract is signed in the future.</source>
        <translation>Дата договора — в будущем.</translation>
    </message>
    <message>
        <source>In debt, but the export does not say since when: counted from the import day.</source>
        <translation>Есть долг, но в выгрузке нет даты его начала: считается со дня загрузки.</translation>
    </message>
    <message>
        <source>Not in debt by its balance: the debt date is dropped.</source>
        <translation>По балансу долга нет: дата долга отброшена.</translation>
    </message>
    <message>
        <source>The address needs a city, a street and a house.</source>
        <translation>В адресе нужны город, улица и дом.</translation>
    </message>
    <message>
        <source>We have no street «{street}» in {city}: map it in mapping.json or let the import add its buildings.</source>
        <translation>У нас нет улицы «{street}» в городе {city}: сопоставьте её в mapping.json или разрешите загрузке добавить её дома.</translation>
    </message>
    <message>
        <source>We have no building {address} (contracts: {count}).</source>
        <translation>У нас нет дома {address} (договоров: {count}).</translation>
    </message>
    <message>
        <source>There is no contract {number} among the contracts imported.</source>
        <translation>Договора {number} нет среди загружаемых.</translation>
    </message>
    <message>
        <source>The service kind is internet, catv or iptv.</source>
        <translation>Вид услуги: internet, catv или iptv.</translation>
    </message>
    <message>
        <source>We have no tariff «{name}»: add it in Administration or map it in mapping.json.</source>
        <translation>У нас нет тарифа «{name}»: добавьте его в разделе «Администрирование» или сопоставьте в mapping.json.</translation>
    </message>
    <message>
        <source>The tariff «{name}» is not for this kind of service.</source>
        <translation>Тариф «{name}» — для услуги другого вида.</translation>
    </message>
    <message>
        <source>The state is active, blocked, suspended or closed (cable TV also disconnect_pending or disconnected).</source>
        <translation>Состояние: active, blocked, suspended или closed (для КТВ также disconnect_pending или disconnected).</translation>
    </message>
    <message>
        <source>The login or identifier is longer than 100 characters.</source>
        <translation>Логин или идентификатор длиннее 100 символов.</translation>
    </message>
    <message>
        <source>The payment needs its reference in the old billing (up to 100 characters).</source>
        <translation>Для платежа нужен его номер в старом биллинге (до 100 символов).</translation>
    </message>
    <message>
        <source>The reference {reference} is already on line {line}.</source>
        <translation>Номер {reference} уже есть в строке {line}.</translation>
    </message>
    <message>
        <source>A payment is more than zero and not dated in the future.</source>
        <translation>Платёж должен быть больше нуля и не датирован будущим.</translation>
    </message>
    <message>
        <source>The balance {total} does not add up: the subscriber&apos;s contracts come to {sum}.</source>
        <translation>Баланс {total} не сходится: по договорам абонента выходит {sum}.</translation>
    </message>
    <message>
        <source>Choose the building from the directory.</source>
        <translation>Выберите дом из справочника.</translation>
    </message>
    <message>
        <source>Write the note first.</source>
        <translation>Сначала напишите заметку.</translation>
    </message>
    <message>
        <source>A note holds at most {limit} characters.</source>
        <translation>Заметка может содержать не больше {limit} символов.</translation>
    </message>
    <message>
        <source>The contract is terminated: the debt policy no longer applies to it.</source>
        <translation>Договор расторгнут: порядок работы с долгами к нему больше не применяется.</translation>
    </message>
    <message>
        <source>Say why (for example «school No. 5, letter of 01.09»).</source>
        <translation>Укажите причину (например, «школа № 5, письмо от 01.09»).</translation>
    </message>
    <message>
        <source>Give either a percent or a sum off the monthly fee.</source>
        <translation>Укажите либо процент, либо сумму скидки с абонентской платы.</translation>
    </message>
    <message>
        <source>A discount is from 1 to 100 percent.</source>
        <translation>Скидка — от 1 до 100 процентов.</translation>
    </message>
    <message>
        <source>The sum off the fee must be more than zero.</source>
        <translation>Сумма скидки должна быть больше нуля.</translation>
    </message>
    <message>
        <source>The discount must end on or after the day it starts.</source>
        <translation>Скидка должна заканчиваться не раньше дня, с которого действует.</translation>
    </message>
    <message>
        <source>Say why the discount is given.</source>
        <translation>Напишите, за что дана скидка.</translation>
    </message>
    <message>
        <source>The reason is too long: at most {limit} characters.</source>
        <translation>Причина слишком длинная: не больше {limit} символов.</translation>
    </message>
    <message>
        <source>Choose an open service of this contract.</source>
        <translation>Выберите действующую услугу этого договора.</translation>
    </message>
    <message>
        <source>A discount starts today or later: charges made are not redone.</source>
        <translation>Скидка действует с сегодняшнего дня или позже: сделанные начисления не пересчитываются.</translation>
    </message>
    <message>
        <source>Another discount applies to this service on some of these days: end it first.</source>
        <translation>На часть этих дней у услуги уже есть скидка: сначала завершите её.</translation>
    </message>
    <message>
        <source>A discount ends yesterday at the earliest: charges made are not redone.</source>
        <translation>Скидку можно завершить не раньше вчерашнего дня: сделанные начисления не пересчитываются.</translation>
    </message>
    <message>
        <source>This discount ends on {date} already.</source>
        <translation>Эта скидка и так действует только по {date}.</translation>
    </message>
    <message>
        <source>«Never block until» cannot be in the past: choose today or a later date.</source>
        <translation>Дата «не блокировать до» не может быть в прошлом: выберите сегодняшнюю или более позднюю.</translation>
    </message>
    <message>
        <source>The backup could not be made: {reason}</source>
        <translation>Резервную копию сделать не удалось: {reason}</translation>
    </message>
    <message>
        <source>The backup was not restored: the check found problems in it. {problems}</source>
        <translation>Резервная копия не восстановлена: проверка нашла в ней ошибки. {problems}</translation>
    </message>
    <message>
        <source>A login consists of letters, digits, «_», «-» and «.».</source>
        <translation>Логин состоит из букв, цифр, «_», «-» и «.».</translation>
    </message>
    <message>
        <source>Logins exist only on a shared PostgreSQL database.</source>
        <translation>Логины есть только в общей базе данных PostgreSQL.</translation>
    </message>
    <message>
        <source>On this server a login may be at most {limit} characters long. Choose a shorter one.</source>
        <translation>На этом сервере логин может быть не длиннее {limit} символов. Выберите логин короче.</translation>
    </message>
    <message>
        <source>This database has no Subscriber Desk tables yet: run `db upgrade`.</source>
        <translation>В этой базе данных ещё нет таблиц Subscriber Desk: выполните `db upgrade`.</translation>
    </message>
    <message>
        <source>{login} already owns the tables.</source>
        <translation>Таблицы уже принадлежат {login}.</translation>
    </message>
    <message>
        <source>The text contains an invisible character (NUL) that cannot be stored. Remove it (retype the text) and try again.</source>
        <translation>В тексте есть невидимый символ (NUL), который нельзя сохранить. Удалите его (наберите текст заново) и повторите.</translation>
    </message>
    <message>
        <source>The file is too large to be a registry.</source>
        <translation>Файл слишком велик для реестра.</translation>
    </message>
    <message>
        <source>The export has no {file}.</source>
        <translation>В выгрузке нет файла {file}.</translation>
    </message>
    <message>
        <source>{file} has no columns {columns}.</source>
        <translation>В файле {file} нет столбцов {columns}.</translation>
    </message>
    <message>
        <source>The file cannot be read: {reason}</source>
        <translation>Файл не читается: {reason}</translation>
    </message>
    <message>
        <source>mapping.json cannot be read: {reason}</source>
        <translation>mapping.json не читается: {reason}</translation>
    </message>
    <message>
        <source>The agent has no file format set up.</source>
        <translation>У агента не задан формат файла.</translation>
    </message>
    <message>
        <source>The file is not an Excel workbook (.xlsx): {reason}</source>
        <translation>Файл — не книга Excel (.xlsx): {reason}</translation>
    </message>
    <message>
        <source>The file&apos;s header has no column «{column}» (for {field}).</source>
        <translation>В заголовке файла нет столбца «{column}» (поле {field}).</translation>
    </message>
    <message>
        <source>«{text}» is not a sum of money.</source>
        <translation>«{text}» — не денежная сумма.</translation>
    </message>
    <message>
        <source>Line {line} comes after the total line.</source>
        <translation>Строка {line} идёт после итоговой строки.</translation>
    </message>
    <message>
        <source>The file has no total line (=…): it may be cut short.</source>
        <translation>В файле нет итоговой строки (=…): возможно, он обрезан.</translation>
    </message>
    <message>
        <source>Line {line}: {problem}</source>
        <translation>Строка {line}: {problem}</translation>
    </message>
    <message>
        <source>The line has {count} fields instead of {expected}.</source>
        <translation>В строке полей: {count}, а должно быть {expected}.</translation>
    </message>
    <message>
        <source>The total line is =lines;amount;commission.</source>
        <translation>Итоговая строка имеет вид =строк;сумма;комиссия.</translation>
    </message>
    <message>
        <source>The file is not in UTF-8, as its agent&apos;s settings say.</source>
        <translation>Файл не в кодировке UTF-8, указанной в настройках агента.</translation>
    </message>
    <message>
        <source>The file is neither UTF-8 nor Windows-1251 text.</source>
        <translation>Файл — не текст ни в UTF-8, ни в Windows-1251.</translation>
    </message>
    <message>
        <source>There is no payment agent «{code}»: add it first.</source>
        <translation>Платёжного агента «{code}» нет: сначала добавьте его.</translation>
    </message>
    <message>
        <source>The column mapping must say which column holds each field.</source>
        <translation>В описании столбцов должно быть указано, в каком столбце каждое поле.</translation>
    </message>
    <message>
        <source>The column mapping needs the columns: {missing}.</source>
        <translation>В описании столбцов не хватает полей: {missing}.</translation>
    </message>
    <message>
        <source>The column mapping cannot name {unknown}: the fields are {fields}.</source>
        <translation>В описании столбцов не может быть {unknown}: допустимые поля — {fields}.</translation>
    </message>
    <message>
        <source>The column of «{name}» is a header text or a column number from 1.</source>
        <translation>Столбец поля «{name}» задаётся текстом заголовка или номером с 1.</translation>
    </message>
    <message>
        <source>The separator is one character, such as ; or ,.</source>
        <translation>Разделитель — один символ, например ; или ,.</translation>
    </message>
    <message>
        <source>The encoding is auto, cp1251 or utf-8.</source>
        <translation>Кодировка: auto, cp1251 или utf-8.</translation>
    </message>
    <message>
        <source>The header is 0 to 50 rows.</source>
        <translation>Заголовок — от 0 до 50 строк.</translation>
    </message>
    <message>
        <source>The agent&apos;s code is 2–40 Latin letters, digits, _ or -, such as sber or post.</source>
        <translation>Код агента — от 2 до 40 латинских букв, цифр, _ или -, например sber или post.</translation>
    </message>
    <message>
        <source>Name the agent (up to 200 characters).</source>
        <translation>Укажите название агента (до 200 символов).</translation>
    </message>
    <message>
        <source>The file format is sberbank or columns.</source>
        <translation>Формат файла: sberbank или columns.</translation>
    </message>
    <message>
        <source>The folder path is too long.</source>
        <translation>Слишком длинный путь к папке.</translation>
    </message>
    <message>
        <source>Another agent already has the code «{code}».</source>
        <translation>Код «{code}» уже есть у другого агента.</translation>
    </message>
    <message>
        <source>Lines with errors: {count}. The file is not posted.</source>
        <translation>Строк с ошибками: {count}. Файл не проведён.</translation>
    </message>
    <message>
        <source>Lines naming contracts we do not have: {count}. Find the right contracts, or post the rest and leave these lines aside.</source>
        <translation>Строк с несуществующими договорами: {count}. Найдите правильные договоры или проведите остальные, отложив эти строки.</translation>
    </message>
    <message>
        <source>The registry was not posted: {reasons}</source>
        <translation>Реестр не проведён: {reasons}</translation>
    </message>
    <message>
        <source>The file holds no payments.</source>
        <translation>В файле нет платежей.</translation>
    </message>
    <message>
        <source>Operation {operation} is already on line {line} of this file.</source>
        <translation>Операция {operation} уже есть в строке {line} этого файла.</translation>
    </message>
    <message>
        <source>The line has no operation number.</source>
        <translation>В строке нет номера операции.</translation>
    </message>
    <message>
        <source>The operation number is longer than 100 characters.</source>
        <translation>Номер операции длиннее 100 символов.</translation>
    </message>
    <message>
        <source>The line names no contract (account).</source>
        <translation>В строке не указан договор (лицевой счёт).</translation>
    </message>
    <message>
        <source>The line has no payment date.</source>
        <translation>В строке нет даты платежа.</translation>
    </message>
    <message>
        <source>The payment date {date} is in the future.</source>
        <translation>Дата платежа {date} — в будущем.</translation>
    </message>
    <message>
        <source>The commission cannot be negative.</source>
        <translation>Комиссия не может быть отрицательной.</translation>
    </message>
    <message>
        <source>Operation {operation} was posted before with other figures ({amount}): ask the agent.</source>
        <translation>Операция {operation} уже проводилась с другими данными ({amount}): уточните у агента.</translation>
    </message>
    <message>
        <source>Operation {operation} was posted and then cancelled; it is not posted again. If the money did come in, take it as a payment at the cash desk.</source>
        <translation>Операция {operation} проводилась и была отменена; повторно она не проводится. Если деньги всё же поступили, примите их платежом в кассе.</translation>
    </message>
    <message>
        <source>There is no contract {account}.</source>
        <translation>Договора {account} нет.</translation>
    </message>
    <message>
        <source>The total line says: payments {total_lines}, amount {total_amount}, commission {total_commission}; the lines add up to: payments {lines}, amount {amount}, commission {commission}. The file may be cut or altered: ask the agent for it again.</source>
        <translation>В итоговой строке: платежей {total_lines}, сумма {total_amount}, комиссия {total_commission}; по строкам: платежей {lines}, сумма {amount}, комиссия {commission}. Файл мог быть обрезан или изменён: запросите его у агента заново.</translation>
    </message>
    <message>
        <source>This registry is already cancelled.</source>
        <translation>Этот реестр уже отменён.</translation>
    </message>
    <message>
        <source>A registry is cancelled by a person, not a scheduled task: sign in as yourself.</source>
        <translation>Реестр отменяет сотрудник, а не плановое задание: войдите под своим именем.</translation>
    </message>
    <message>
        <source>Write why the registry is cancelled.</source>
        <translation>Напишите, почему реестр отменяется.</translation>
    </message>
    <message>
        <source>Unreadable sum.</source>
        <translation>Сумма не читается.</translation>
    </message>
    <message>
        <source>The sum {text} is too large.</source>
        <translation>Сумма {text} слишком велика.</translation>
    </message>
    <message>
        <source>«{text}» is not a date.</source>
        <translation>«{text}» — не дата.</translation>
    </message>
    <message>
        <source>The column mapping is not valid JSON: check line {line}, position {column}.</source>
        <translation>Описание столбцов — не корректный JSON: проверьте строку {line}, позицию {column}.</translation>
    </message>
    <message>
        <source>Nothing was imported: {reasons}</source>
        <translation>Ничего не загружено: {reasons}</translation>
    </message>
    <message>
        <source>Payments of the old billing already imported: {count} (e.g. {reference}).</source>
        <translation>Платежи старого биллинга уже загружены: {count} (например, {reference}).</translation>
    </message>
    <message>
        <source>The import cannot be rolled back: its contracts were charged, paid or adjusted since.</source>
        <translation>Загрузку нельзя откатить: по её договорам уже были начисления, платежи или корректировки.</translation>
    </message>
    <message>
        <source>The import cannot be rolled back: its contracts took payments since.</source>
        <translation>Загрузку нельзя откатить: по её договорам уже принимались платежи.</translation>
    </message>
    <message>
        <source>The import cannot be rolled back: work orders were made for its contracts.</source>
        <translation>Загрузку нельзя откатить: по её договорам созданы наряды.</translation>
    </message>
    <message>
        <source>The import cannot be rolled back: its contracts have history or reminders.</source>
        <translation>Загрузку нельзя откатить: у её договоров уже есть история или напоминания.</translation>
    </message>
    <message>
        <source>The import cannot be rolled back: its contracts or services were changed.</source>
        <translation>Загрузку нельзя откатить: её договоры или услуги изменялись.</translation>
    </message>
    <message>
        <source>The import cannot be rolled back: its subscribers were changed, noted or signed further contracts.</source>
        <translation>Загрузку нельзя откатить: её абоненты изменялись, получили заметки или заключили новые договоры.</translation>
    </message>
    <message>
        <source>The import cannot be rolled back: its ledger entries are sealed already.</source>
        <translation>Загрузку нельзя откатить: её проводки уже запечатаны.</translation>
    </message>
    <message>
        <source>This import is already rolled back.</source>
        <translation>Эта загрузка уже откачена.</translation>
    </message>
    <message>
        <source>On a server an import is rolled back by the tables&apos; owner (the login that runs db upgrade).</source>
        <translation>На сервере загрузку откатывает владелец таблиц (учётная запись, которая выполняет db upgrade).</translation>
    </message>
    <message>
        <source>Choose the installer who goes.</source>
        <translation>Выберите монтажника, который поедет.</translation>
    </message>
    <message>
        <source>Type the server&apos;s name or IP address, e.g. db-server or 192.168.10.5 (Latin letters, digits, dots and hyphens).</source>
        <translation>Введите имя или IP-адрес сервера, например db-server или 192.168.10.5 (латинские буквы, цифры, точки и дефисы).</translation>
    </message>
    <message>
        <source>The port is a number from 1 to 65535 (PostgreSQL&apos;s usual one is 5432).</source>
        <translation>Порт — число от 1 до 65535 (обычный порт PostgreSQL — 5432).</translation>
    </message>
    <message>
        <source>Type the database&apos;s name as the server&apos;s administrator set it up, e.g. billing (Latin letters, digits, underscores).</source>
        <translation>Введите имя базы данных, как её назвал администратор сервера, например billing (латинские буквы, цифры, подчёркивания).</translation>
    </message>
    <message>
        <source>Choose how to protect the connection.</source>
        <translation>Выберите, как защищать подключение.</translation>
    </message>
    <message>
        <source>Type your login to check the server with it.</source>
        <translation>Введите логин, чтобы проверить сервер под ним.</translation>
    </message>
    <message>
        <source>The cash register does not answer ({why}). Check that it is on and its driver is running; the receipt stays queued and is printed when it answers.</source>
        <translation>Касса не отвечает ({why}). Проверьте, что она включена и её драйвер запущен; чек остаётся в очереди и будет напечатан, когда касса ответит.</translation>
    </message>
    <message>
        <source>The cash register refused: {why}.</source>
        <translation>Касса отказала: {why}.</translation>
    </message>
    <message>
        <source>The cash register&apos;s shift {number} is open, and it is not yours. Close it with its Z report before opening yours.</source>
        <translation>На кассе открыта смена № {number}, и она не ваша. Закройте её Z-отчётом, прежде чем открыть свою.</translation>
    </message>
    <message>
        <source>This shift is closed.</source>
        <translation>Эта смена закрыта.</translation>
    </message>
    <message>
        <source>Choose what a debtor gets from the network.</source>
        <translation>Выберите, что получает должник от сети.</translation>
    </message>
    <message>
        <source>Give the payment page&apos;s RADIUS group: Latin letters, digits, - _ . (up to 64).</source>
        <translation>Укажите группу RADIUS страницы оплаты: латинские буквы, цифры, - _ . (до 64 знаков).</translation>
    </message>
    <message>
        <source>Give the throttled rate in kbit/s, from 1 to {most}.</source>
        <translation>Укажите ограниченную скорость в кбит/с, от 1 до {most}.</translation>
    </message>
    <message>
        <source>Give the TV platform&apos;s address as http(s)://host/…, or leave it empty.</source>
        <translation>Укажите адрес API ТВ-платформы в виде http(s)://сервер/… или оставьте поле пустым.</translation>
    </message>
    <message>
        <source>Give the NAS&apos;s IP address, e.g. 10.0.0.1.</source>
        <translation>Укажите IP-адрес NAS, например 10.0.0.1.</translation>
    </message>
    <message>
        <source>Give a short name: Latin letters, digits, - _ . (up to 32).</source>
        <translation>Укажите краткое имя: латинские буквы, цифры, - _ . (до 32 знаков).</translation>
    </message>
    <message>
        <source>The CoA port is a number from 1 to 65535 (usually 3799).</source>
        <translation>Порт CoA — число от 1 до 65535 (обычно 3799).</translation>
    </message>
    <message>
        <source>This NAS is on the list already (as {name}).</source>
        <translation>Этот NAS уже есть в списке (как {name}).</translation>
    </message>
    <message>
        <source>Internet access through RADIUS needs the shared PostgreSQL database (FreeRADIUS reads its tables there); this program works on an embedded database.</source>
        <translation>Управлять доступом в Интернет через RADIUS можно только с общей базой PostgreSQL (FreeRADIUS читает свои таблицы там), а программа работает со встроенной базой.</translation>
    </message>
    <message>
        <source>Neither RADIUS nor a TV platform is turned on (Administration → Network): tick RADIUS or give the platform&apos;s address.</source>
        <translation>Не включены ни RADIUS, ни ТВ-платформа (Администрирование → Сеть): отметьте RADIUS или укажите адрес платформы.</translation>
    </message>
    <message>
        <source>This computer has no token for the TV platform (the keyring&apos;s secret tv.token): set it in Administration → Network («TV platform token on this PC…»), or give SUBSCRIBER_DESK_TV_TOKEN to the delivering task.</source>
        <translation>На этом компьютере нет токена ТВ-платформы (секрет tv.token в хранилище паролей): задайте его в Администрирование → Сеть («Токен ТВ-платформы на этом ПК…») или передайте SUBSCRIBER_DESK_TV_TOKEN задаче доставки.</translation>
    </message>
    <message>
        <source>The {target} side cannot be reached: {why}</source>
        <translation>Сторона {target} недоступна: {why}</translation>
    </message>
    <message>
        <source>The outage must end after it began.</source>
        <translation>Перерыв должен закончиться позже, чем начался.</translation>
    </message>
    <message>
        <source>An outage of more than {days} days is not compensated here.</source>
        <translation>Перерыв дольше {days} дней здесь не компенсируется.</translation>
    </message>
    <message>
        <source>The outage has not ended yet: compensate it once it is over.</source>
        <translation>Перерыв ещё не закончился: начислите компенсацию, когда он кончится.</translation>
    </message>
    <message>
        <source>Choose the districts, buildings, tariffs or contracts the outage hit.</source>
        <translation>Выберите районы, дома, тарифы или договоры, которых коснулся перерыв.</translation>
    </message>
    <message>
        <source>Say what happened (it is shown with every credit).</source>
        <translation>Напишите, что случилось (это видно у каждого начисления).</translation>
    </message>
    <message>
        <source>No service the company charges was hit: nothing to credit.</source>
        <translation>Перерыв не коснулся ни одной оплачиваемой услуги: начислять нечего.</translation>
    </message>
    <message>
        <source>The Telegram Bot API address must start with https://.</source>
        <translation>Адрес Bot API Telegram должен начинаться с https://.</translation>
    </message>
    <message>
        <source>The Telegram bot token is not valid: copy it from @BotFather again.</source>
        <translation>Токен бота Telegram неверен: скопируйте его из @BotFather ещё раз.</translation>
    </message>
    <message>
        <source>Telegram is turned off (Administration → Reminders).</source>
        <translation>Telegram выключен (Администрирование → Напоминания).</translation>
    </message>
    <message>
        <source>The contract is terminated: there is nothing to remind of.</source>
        <translation>Договор расторгнут: напоминать не о чем.</translation>
    </message>
    <message>
        <source>No Telegram chat is linked to this contract.</source>
        <translation>К этому договору не привязан чат Telegram.</translation>
    </message>
    <message>
        <source>A bot&apos;s username is 5 to 32 Latin letters, digits and underscores and ends in «bot».</source>
        <translation>Имя бота — от 5 до 32 латинских букв, цифр и знаков подчёркивания, в конце «bot».</translation>
    </message>
    <message>
        <source>This prepayment offer is used or ended: choose another.</source>
        <translation>Это предложение оплаты вперёд уже использовано или завершено: выберите другое.</translation>
    </message>
    <message>
        <source>Prepay from 1 to {limit} months.</source>
        <translation>Оплатить вперёд можно от 1 до {limit} месяцев.</translation>
    </message>
    <message>
        <source>The contract has no paid service to prepay.</source>
        <translation>В договоре нет платных услуг, которые можно оплатить вперёд.</translation>
    </message>
    <message>
        <source>To prepay {months} months take at least {amount}: the period and what is owed.</source>
        <translation>Чтобы оплатить вперёд {months} мес., примите не меньше {amount}: период и то, что уже причитается.</translation>
    </message>
    <message>
        <source>A later prepayment follows the months this payment paid: cancel the later one first.</source>
        <translation>За месяцами, оплаченными этим платежом, идёт более поздняя оплата вперёд: сначала отмените её.</translation>
    </message>
    <message>
        <source>Name the promotion.</source>
        <translation>Укажите название акции.</translation>
    </message>
    <message>
        <source>Choose what the promotion gives.</source>
        <translation>Выберите, что даёт акция.</translation>
    </message>
    <message>
        <source>The months must be from 1 to {limit}.</source>
        <translation>Число месяцев — от 1 до {limit}.</translation>
    </message>
    <message>
        <source>Give the monthly price for those months (0 for free).</source>
        <translation>Укажите цену в месяц на эти месяцы (0 — бесплатно).</translation>
    </message>
    <message>
        <source>The months paid must be more than 0 and fewer than the months given.</source>
        <translation>Оплачиваемых месяцев должно быть больше 0 и меньше, чем месяцев по акции.</translation>
    </message>
    <message>
        <source>The bonus must be more than zero.</source>
        <translation>Бонус должен быть больше нуля.</translation>
    </message>
    <message>
        <source>«Offered until» cannot be in the past.</source>
        <translation>«Предлагается до» не может быть в прошлом.</translation>
    </message>
    <message>
        <source>A promotion with this name exists: choose another name.</source>
        <translation>Акция с таким названием уже есть: выберите другое название.</translation>
    </message>
    <message>
        <source>This promotion is no longer offered.</source>
        <translation>Эта акция больше не предлагается.</translation>
    </message>
    <message>
        <source>The contract is terminated.</source>
        <translation>Договор расторгнут.</translation>
    </message>
    <message>
        <source>The contract already has this promotion: it is given once.</source>
        <translation>У договора уже есть эта акция: она даётся один раз.</translation>
    </message>
    <message>
        <source>The contract has no open service this promotion is for.</source>
        <translation>В договоре нет действующей услуги, для которой эта акция.</translation>
    </message>
    <message>
        <source>This promotion has nothing left to end.</source>
        <translation>Эту акцию уже нечего завершать.</translation>
    </message>
</context>
<context>
    <name>Events</name>
    <message>
        <source>{login} signed in</source>
        <translation>{login} вошёл в программу</translation>
    </message>
    <message>
        <source>Failed sign-in as {login}</source>
        <translation>Неудачная попытка входа под логином {login}</translation>
    </message>
    <message>
        <source>{login} may try to sign in again at once</source>
        <translation>{login} может снова входить без ожидания</translation>
    </message>
    <message>
        <source>{login} set up the second factor</source>
        <translation>{login} настроил(а) второй фактор</translation>
    </message>
    <message>
        <source>Second-factor code of {login} refused</source>
        <translation>Код второго фактора {login} отклонён</translation>
    </message>
    <message>
        <source>{login} signed in with a recovery code</source>
        <translation>{login} вошёл(ла) по коду восстановления</translation>
    </message>
    <message>
        <source>Second factor of {login} reset</source>
        <translation>Второй фактор {login} сброшен</translation>
    </message>
    <message>
        <source>Account {login} locked for {minutes} min after {failures} failed sign-ins</source>
        <translation>Учётная запись {login} заблокирована на {minutes} мин. после {failures} неудачных попыток входа</translation>
    </message>
    <message>
        <source>{login} signed out</source>
        <translation>{login} вышел из программы</translation>
    </message>
    <message>
        <source>{login} locked the workstation</source>
        <translation>{login} заблокировал рабочее место</translation>
    </message>
    <message>
        <source>Staff member {login} ({full_name}) added</source>
        <translation>Добавлен сотрудник {login} ({full_name})</translation>
    </message>
    <message>
        <source>Roles of {login} set to: {roles}</source>
        <translation>Роли сотрудника {login}: {roles}</translation>
    </message>
    <message>
        <source>Password of {login} reset</source>
        <translation>Пароль сотрудника {login} сброшен</translation>
    </message>
    <message>
        <source>Account {login} deactivated</source>
        <translation>Учётная запись {login} отключена</translation>
    </message>
    <message>
        <source>Account {login} reactivated</source>
        <translation>Учётная запись {login} снова включена</translation>
    </message>
    <message>
        <source>Database upgraded from {old} to {new}</source>
        <translation>База данных обновлена с {old} до {new}</translation>
    </message>
    <message>
        <source>Personal data viewed</source>
        <translation>Просмотрены персональные данные</translation>
    </message>
    <message>
        <source>Personal data anonymised ({months} months after the last contract ended)</source>
        <translation>Персональные данные обезличены ({months} мес. после окончания последнего договора)</translation>
    </message>
    <message>
        <source>{login} took out the report {report} ({form}, {records} records)</source>
        <translation>{login} выгрузил(а) отчёт {report} ({form}, записей: {records})</translation>
    </message>
    <message>
        <source>The passport of contract {number} matched at the signing of a new contract: shown</source>
        <translation>Паспорт по договору {number} совпал при заключении нового договора: показан</translation>
    </message>
    <message>
        <source>Contract {number} signed</source>
        <translation>Заключён договор {number}</translation>
    </message>
    <message>
        <source>Payment of {amount} received, receipt {receipt}</source>
        <translation>Принят платёж {amount}, квитанция {receipt}</translation>
    </message>
    <message>
        <source>Payment of {amount} paid on {date} through {agent} (operation {operation})</source>
        <translation>Платёж {amount} от {date} через {agent} (операция {operation})</translation>
    </message>
    <message>
        <source>Payment of {amount} through {agent} (operation {operation}) cancelled with its registry: {reason}</source>
        <translation>Платёж {amount} через {agent} (операция {operation}) отменён вместе с реестром: {reason}</translation>
    </message>
    <message>
        <source>Moved in from the old billing ({source}): {subscribers} subscribers, {contracts} contracts, balances {balance}</source>
        <translation>Загружено из старого биллинга ({source}): абонентов {subscribers}, договоров {contracts}, сумма балансов {balance}</translation>
    </message>
    <message>
        <source>Import {batch} from the old billing ({source}) rolled back: {contracts} contracts</source>
        <translation>Загрузка {batch} из старого биллинга ({source}) откачена: договоров {contracts}</translation>
    </message>
    <message>
        <source>Registry {file} of {agent} posted: {payments} payments, {amount}</source>
        <translation>Реестр {file} ({agent}) проведён: платежей {payments}, {amount}</translation>
    </message>
    <message>
        <source>Registry {file} of {agent} cancelled ({payments} payments, {amount}): {reason}</source>
        <translation>Реестр {file} ({agent}) отменён (платежей {payments}, {amount}): {reason}</translation>
    </message>
    <message>
        <source>Service {service} blocked for debt</source>
        <translation>Услуга {service} заблокирована за долг</translation>
    </message>
    <message>
        <source>Work order {order} created: {what}</source>
        <translation>Создан наряд {order}: {what}</translation>
    </message>
    <message>
        <source>Work order {order} done: {what}</source>
        <translation>Наряд {order} выполнен: {what}</translation>
    </message>
    <message>
        <source>Settings changed: {keys}</source>
        <translation>Изменены настройки: {keys}</translation>
    </message>
    <message>
        <source>Tariff {name} created</source>
        <translation>Создан тариф {name}</translation>
    </message>
    <message>
        <source>Tariff {name} changed</source>
        <translation>Изменён тариф {name}</translation>
    </message>
    <message>
        <source>Tariff {name}: {fee} a month from {date}</source>
        <translation>Тариф {name}: {fee} в месяц с {date}</translation>
    </message>
    <message>
        <source>Tariff {name} retired from {date}</source>
        <translation>Тариф {name} выведен из продажи с {date}</translation>
    </message>
    <message>
        <source>Cash desk {name} created</source>
        <translation>Создана касса «{name}»</translation>
    </message>
    <message>
        <source>Cash desk {name} changed</source>
        <translation>Изменена касса «{name}»</translation>
    </message>
    <message>
        <source>District {name} created</source>
        <translation>Создан район {name}</translation>
    </message>
    <message>
        <source>District {name} changed</source>
        <translation>Изменён район {name}</translation>
    </message>
    <message>
        <source>Building {address} added</source>
        <translation>Добавлен дом {address}</translation>
    </message>
    <message>
        <source>Building {address} changed</source>
        <translation>Изменён дом {address}</translation>
    </message>
    <message>
        <source>{count} premises added to {address}</source>
        <translation>Добавлено помещений: {count}, дом {address}</translation>
    </message>
    <message>
        <source>Installer {name} added</source>
        <translation>Добавлен монтажник {name}</translation>
    </message>
    <message>
        <source>Installer {name} changed</source>
        <translation>Изменён монтажник {name}</translation>
    </message>
    <message>
        <source>Service {service} unblocked: the debt is paid</source>
        <translation>Услуга {service} разблокирована: долг погашен</translation>
    </message>
    <message>
        <source>Service {service} to be disconnected: {days} days in debt</source>
        <translation>Услуга {service} к отключению: {days} дн. задолженности</translation>
    </message>
    <message>
        <source>Service {service} disconnected at the tap</source>
        <translation>Услуга {service} отключена на отводе</translation>
    </message>
    <message>
        <source>Service {service} reconnected</source>
        <translation>Услуга {service} подключена снова</translation>
    </message>
    <message>
        <source>Scheduled tariff change applied to {service}</source>
        <translation>Запланированная смена тарифа выполнена: {service}</translation>
    </message>
    <message>
        <source>Debt of {debt} started</source>
        <translation>Возникла задолженность {debt}</translation>
    </message>
    <message>
        <source>Debt paid off</source>
        <translation>Задолженность погашена</translation>
    </message>
    <message>
        <source>Credited {amount} for the outage: {reason}</source>
        <translation>Компенсация {amount} за перерыв: {reason}</translation>
    </message>
    <message>
        <source>Discount of {size} from {since}: {reason}</source>
        <translation>Скидка {size} с {since}: {reason}</translation>
    </message>
    <message>
        <source>Discount ends after {last_day}</source>
        <translation>Скидка действует по {last_day}</translation>
    </message>
    <message>
        <source>Prepaid {months} months, {first_day} to {last_day}, for {amount}</source>
        <translation>Оплачено вперёд {months} мес., с {first_day} по {last_day}, на {amount}</translation>
    </message>
    <message>
        <source>Promotion «{promotion}» given: {terms}</source>
        <translation>Подключена акция «{promotion}»: {terms}</translation>
    </message>
    <message>
        <source>Promotion «{promotion}» ended</source>
        <translation>Акция «{promotion}» завершена</translation>
    </message>
    <message>
        <source>Outage credit of {amount} cancelled: {reason}</source>
        <translation>Компенсация {amount} отменена: {reason}</translation>
    </message>
    <message>
        <source>Reconnection fee of {fee} charged</source>
        <translation>Начислена плата за повторное подключение {fee}</translation>
    </message>
    <message>
        <source>Work order {order} cancelled: {reason}</source>
        <translation>Наряд {order} отменён: {reason}</translation>
    </message>
    <message>
        <source>Work order {order} assigned for {day}</source>
        <translation>Наряд {order} назначен на {day}</translation>
    </message>
    <message>
        <source>Work order {order} taken off the route</source>
        <translation>Наряд {order} снят с маршрута</translation>
    </message>
    <message>
        <source>Work order {order} not done ({outcome}): back in the queue</source>
        <translation>Наряд {order} не выполнен ({outcome}): возвращён в очередь</translation>
    </message>
    <message>
        <source>Billing run for {date}: {charges} charges</source>
        <translation>Расчёт за {date}: начислений {charges}</translation>
    </message>
    <message>
        <source>Service {service} added on tariff {tariff}</source>
        <translation>Добавлена услуга {service} на тарифе {tariff}</translation>
    </message>
    <message>
        <source>Service {service} closed from {date}</source>
        <translation>Услуга {service} закрыта с {date}</translation>
    </message>
    <message>
        <source>Service {service} moved to tariff {tariff}</source>
        <translation>Услуга {service} переведена на тариф {tariff}</translation>
    </message>
    <message>
        <source>Service {service} to move to tariff {tariff} on {date}</source>
        <translation>Услуга {service} будет переведена на тариф {tariff} с {date}</translation>
    </message>
    <message>
        <source>Service {service} suspended until {date}</source>
        <translation>Услуга {service} приостановлена до {date}</translation>
    </message>
    <message>
        <source>Service {service} resumed after suspension</source>
        <translation>Услуга {service} возобновлена после приостановки</translation>
    </message>
    <message>
        <source>Contract {number} terminated from {date}</source>
        <translation>Договор {number} расторгнут с {date}</translation>
    </message>
    <message>
        <source>Note added</source>
        <translation>Добавлена заметка</translation>
    </message>
    <message>
        <source>Service {service}: network login {login}</source>
        <translation>Услуга {service}: логин в сети {login}</translation>
    </message>
    <message>
        <source>Network checked against our services: {differences} differences among {compared} accounts</source>
        <translation>Сеть сверена с нашими услугами: расхождений {differences} на {compared} учётных записей</translation>
    </message>
    <message>
        <source>Shift {shift} opened at {desk}</source>
        <translation>Смена {shift} открыта: {desk}</translation>
    </message>
    <message>
        <source>Shift {shift} closed</source>
        <translation>Смена {shift} закрыта</translation>
    </message>
    <message>
        <source>Cash register of {desk}: its shift {number} opened</source>
        <translation>Онлайн-касса «{desk}»: открыта смена № {number}</translation>
    </message>
    <message>
        <source>INN of {login} for fiscal receipts set to {inn}</source>
        <translation>ИНН кассира {login} для кассовых чеков: {inn}</translation>
    </message>
    <message>
        <source>Cash register of {desk}: its shift {number} closed (Z report, document No. {document})</source>
        <translation>Онлайн-касса «{desk}»: закрыта смена № {number} (Z-отчёт, ФД № {document})</translation>
    </message>
    <message>
        <source>Payment of {amount} (receipt {receipt}) cancelled: {reason}</source>
        <translation>Платёж {amount} (квитанция {receipt}) отменён: {reason}</translation>
    </message>
    <message>
        <source>Never block (for good): {reason}</source>
        <translation>Не блокировать (бессрочно): {reason}</translation>
    </message>
    <message>
        <source>Never block until {date}: {reason}</source>
        <translation>Не блокировать до {date}: {reason}</translation>
    </message>
    <message>
        <source>«Never block» cleared: {reason}</source>
        <translation>Отметка «не блокировать» снята: {reason}</translation>
    </message>
    <message>
        <source>Payment cancelled: the debt of {debt} is back, counted from {date}</source>
        <translation>Платёж отменён: долг {debt} восстановлен, считается с {date}</translation>
    </message>
    <message>
        <source>The payment for reconnecting cable TV was cancelled, but order {order} is already done: an administrator decides</source>
        <translation>Платёж за подключение кабельного ТВ отменён, но наряд {order} уже выполнен: решает администратор</translation>
    </message>
    <message>
        <source>Reconnection fee of {fee} reversed: its payment was cancelled</source>
        <translation>Плата за подключение {fee} сторнирована: её платёж отменён</translation>
    </message>
    <message>
        <source>Telegram link code issued, valid until {until}</source>
        <translation>Выдан код привязки Telegram, действует до {until}</translation>
    </message>
    <message>
        <source>Telegram chat linked: reminders go by Telegram</source>
        <translation>Привязан чат Telegram: напоминания идут в Telegram</translation>
    </message>
    <message>
        <source>Telegram chat unlinked</source>
        <translation>Чат Telegram отвязан</translation>
    </message>
    <message>
        <source>Telegram chat unlinked: it refuses the bot&apos;s messages ({reason}); reminders go by SMS</source>
        <translation>Чат Telegram отвязан: он не принимает сообщения бота ({reason}); напоминания идут по SMS</translation>
    </message>
</context>
<context>
    <name>FieldWorkPage</name>
    <message>
        <source>&amp;Show</source>
        <translation>&amp;Показать</translation>
    </message>
    <message>
        <source>&amp;Export to CSV…</source>
        <translation>&amp;Выгрузить в CSV…</translation>
    </message>
    <message>
        <source>From:</source>
        <translation>С:</translation>
    </message>
    <message>
        <source>to:</source>
        <translation>по:</translation>
    </message>
    <message>
        <source>Orders created: {created}. Done: {done}. Average time from creation to done: {hours}. Trips saved (disconnects cancelled because the subscriber paid): {saved}.</source>
        <translation>Создано нарядов: {created}. Выполнено: {done}. Среднее время от создания до выполнения: {hours}. Сэкономлено выездов (отключения отменены, потому что абонент оплатил): {saved}.</translation>
    </message>
    <message>
        <source>{hours:.1f} h</source>
        <translation>{hours:.1f} ч</translation>
    </message>
    <message>
        <source>Export field work</source>
        <translation>Выгрузка выездных работ</translation>
    </message>
    <message>
        <source>CSV for Excel (*.csv)</source>
        <translation>CSV для Excel (*.csv)</translation>
    </message>
</context>
<context>
    <name>FindContractDialog</name>
    <message>
        <source>Find the subscriber</source>
        <translation>Поиск абонента</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <source>Subscriber Desk — where the data is</source>
        <translation>Subscriber Desk — где хранятся данные</translation>
    </message>
    <message>
        <source>Choose the database this computer works in. You can change it later in the menu Workstation → Change database…</source>
        <translation>Выберите базу данных, в которой работает этот компьютер. Позже её можно сменить в меню Сеанс → Сменить базу данных…</translation>
    </message>
    <message>
        <source>&amp;This computer only — the data stays in this user&apos;s folder</source>
        <translation>&amp;Только этот компьютер — данные хранятся в папке этого пользователя</translation>
    </message>
    <message>
        <source>&amp;Office server — every computer of the office works in one database</source>
        <translation>&amp;Офисный сервер — все компьютеры офиса работают в одной базе</translation>
    </message>
    <message>
        <source>Office server (PostgreSQL)</source>
        <translation>Офисный сервер (PostgreSQL)</translation>
    </message>
    <message>
        <source>e.g. db-server or 192.168.10.5</source>
        <translation>например db-server или 192.168.10.5</translation>
    </message>
    <message>
        <source>Encrypted if the server can</source>
        <translation>Шифровать, если сервер умеет</translation>
    </message>
    <message>
        <source>Always encrypted</source>
        <translation>Всегда шифровать</translation>
    </message>
    <message>
        <source>Encrypted, the server&apos;s certificate checked</source>
        <translation>Шифровать и проверять сертификат сервера</translation>
    </message>
    <message>
        <source>Not encrypted</source>
        <translation>Без шифрования</translation>
    </message>
    <message>
        <source>your login, or the server administrator&apos;s</source>
        <translation>ваш логин или логин администратора сервера</translation>
    </message>
    <message>
        <source>C&amp;heck</source>
        <translation>&amp;Проверить</translation>
    </message>
    <message>
        <source>&amp;Upgrade the database</source>
        <translation>Обно&amp;вить базу данных</translation>
    </message>
    <message>
        <source>Create the first &amp;administrator…</source>
        <translation>Создать первого а&amp;дминистратора…</translation>
    </message>
    <message>
        <source>&amp;Server:</source>
        <translation>&amp;Сервер:</translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation>По&amp;рт:</translation>
    </message>
    <message>
        <source>&amp;Database:</source>
        <translation>&amp;База данных:</translation>
    </message>
    <message>
        <source>&amp;Connection:</source>
        <translation>&amp;Шифрование:</translation>
    </message>
    <message>
        <source>To check the server, sign in to it:</source>
        <translation>Чтобы проверить сервер, войдите на него:</translation>
    </message>
    <message>
        <source>&amp;Login:</source>
        <translation>&amp;Логин:</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>П&amp;ароль:</translation>
    </message>
    <message>
        <source>Use this database</source>
        <translation>Работать в этой базе</translation>
    </message>
    <message>
        <source>Connecting to {server}…</source>
        <translation>Подключение к {server}…</translation>
    </message>
    <message>
        <source>PostgreSQL {version} answers.</source>
        <translation>Отвечает PostgreSQL {version}.</translation>
    </message>
    <message>
        <source>The database&apos;s schema is older than this program: it has no tables yet. The server&apos;s administrator (the tables&apos; owner) creates them: sign in above with that login and press «Upgrade the database», or run «subscriber-desk db upgrade» on the server.</source>
        <translation>Схема базы данных старше этой программы: в базе ещё нет таблиц. Их создаёт администратор сервера (владелец таблиц): войдите выше под его логином и нажмите «Обновить базу данных» или выполните на сервере «subscriber-desk db upgrade».</translation>
    </message>
    <message>
        <source>The database&apos;s schema is older than this program ({revision}, the program needs {needed}). The tables&apos; owner upgrades it: press «Upgrade the database» signed in as the owner, or run «subscriber-desk db upgrade» on the server.</source>
        <translation>Схема базы данных старше этой программы ({revision}, программе нужна {needed}). Её обновляет владелец таблиц: войдите под его логином и нажмите «Обновить базу данных» или выполните на сервере «subscriber-desk db upgrade».</translation>
    </message>
    <message>
        <source>The database was upgraded by a newer version of Subscriber Desk ({revision}). Install that version on this computer before working in it.</source>
        <translation>База данных обновлена более новой версией Subscriber Desk ({revision}). Установите эту версию на этот компьютер, прежде чем работать в ней.</translation>
    </message>
    <message>
        <source>The schema is current, but nobody works in the database yet: create its first administrator, then press «Use this database».</source>
        <translation>Схема актуальна, но в базе ещё никто не работает: создайте первого администратора, затем нажмите «Работать в этой базе».</translation>
    </message>
    <message>
        <source>The schema is current. Press «Use this database»: everyone signs in with their own login.</source>
        <translation>Схема актуальна. Нажмите «Работать в этой базе»: каждый входит под своим логином.</translation>
    </message>
    <message>
        <source>Upgrading the database… This can take a minute.</source>
        <translation>Обновление базы данных… Это может занять минуту.</translation>
    </message>
</context>
<context>
    <name>FiscalLine</name>
    <message>
        <source>the register&apos;s driver does not accept connections</source>
        <translation>драйвер кассы не принимает подключения</translation>
    </message>
    <message>
        <source>the register did not answer in time</source>
        <translation>касса не ответила вовремя</translation>
    </message>
    <message>
        <source>the connection to the register broke</source>
        <translation>связь с кассой прервалась</translation>
    </message>
    <message>
        <source>a return waits for its sale receipt</source>
        <translation>чек возврата ждёт чек продажи</translation>
    </message>
    <message>
        <source>the register is still printing</source>
        <translation>касса ещё печатает чек</translation>
    </message>
    <message>
        <source>Sen&amp;d to the register now</source>
        <translation>Отправить на кассу &amp;сейчас</translation>
    </message>
    <message>
        <source>Sending the receipts to the cash register…</source>
        <translation>Отправляем чеки на кассу…</translation>
    </message>
    <message>
        <source>Fiscal receipts not checked: {why}</source>
        <translation>Фискальные чеки не проверены: {why}</translation>
    </message>
    <message>
        <source>Fiscal receipt printed: document No. {document} (receipt {receipt}).</source>
        <translation>Фискальный чек напечатан: документ № {document} (квитанция {receipt}).</translation>
    </message>
    <message>
        <source>Return receipt printed: document No. {document}.</source>
        <translation>Чек возврата напечатан: документ № {document}.</translation>
    </message>
    <message>
        <source>Waiting for the cash register: {count} receipt(s) not printed yet ({why}). Check that the register is on, has paper and its shift is not over 24 hours; they are printed as soon as it answers. Do not take the money again.</source>
        <translation>Ждём кассу: не напечатано чеков: {count} ({why}). Проверьте, что касса включена, в ней есть бумага и её смена не старше 24 часов; чеки напечатаются, как только она ответит. Деньги повторно не принимайте.</translation>
    </message>
    <message>
        <source>no answer yet</source>
        <translation>ответа пока нет</translation>
    </message>
    <message>
        <source>Every fiscal receipt of this desk is on the cash register.</source>
        <translation>Все фискальные чеки этого рабочего места пробиты на кассе.</translation>
    </message>
</context>
<context>
    <name>FrontDeskPage</name>
    <message>
        <source>&amp;New contract…</source>
        <translation>&amp;Новый договор…</translation>
    </message>
    <message>
        <source>Add service…</source>
        <translation>Добавить услугу…</translation>
    </message>
    <message>
        <source>Change tariff…</source>
        <translation>Сменить тариф…</translation>
    </message>
    <message>
        <source>Suspend…</source>
        <translation>Приостановить…</translation>
    </message>
    <message>
        <source>Network access…</source>
        <translation>Доступ в сети…</translation>
    </message>
    <message>
        <source>Close service…</source>
        <translation>Закрыть услугу…</translation>
    </message>
    <message>
        <source>Terminate contract…</source>
        <translation>Расторгнуть договор…</translation>
    </message>
    <message>
        <source>Print contract</source>
        <translation>Печать договора</translation>
    </message>
    <message>
        <source>Find a subscriber by name, phone, address or contract number.</source>
        <translation>Найдите абонента по ФИО, телефону, адресу или номеру договора.</translation>
    </message>
    <message>
        <source>New contract</source>
        <translation>Новый договор</translation>
    </message>
    <message>
        <source>Print the contract now?</source>
        <translation>Напечатать договор сейчас?</translation>
    </message>
    <message>
        <source>Contract {number}</source>
        <translation>Договор {number}</translation>
    </message>
    <message>
        <source>Services</source>
        <translation>Услуги</translation>
    </message>
    <message>
        <source>Select a service in the Services tab first.</source>
        <translation>Сначала выберите услугу на вкладке «Услуги».</translation>
    </message>
    <message>
        <source>Add service</source>
        <translation>Добавление услуги</translation>
    </message>
    <message>
        <source>Internet</source>
        <translation>Интернет</translation>
    </message>
    <message>
        <source>Cable TV</source>
        <translation>Кабельное ТВ</translation>
    </message>
    <message>
        <source>IPTV</source>
        <translation>IPTV</translation>
    </message>
    <message>
        <source>Service:</source>
        <translation>Услуга:</translation>
    </message>
    <message>
        <source>Tariff:</source>
        <translation>Тариф:</translation>
    </message>
    <message>
        <source>Login / card:</source>
        <translation>Логин / карта:</translation>
    </message>
    <message>
        <source>From:</source>
        <translation>С:</translation>
    </message>
    <message>
        <source>Change tariff</source>
        <translation>Смена тарифа</translation>
    </message>
    <message>
        <source>New tariff:</source>
        <translation>Новый тариф:</translation>
    </message>
    <message>
        <source>From (today = at once):</source>
        <translation>С даты (сегодня — сразу):</translation>
    </message>
    <message>
        <source>Network access</source>
        <translation>Доступ в сети</translation>
    </message>
    <message>
        <source>as the tariff</source>
        <translation>как в тарифе</translation>
    </message>
    <message>
        <source>6 or more Latin letters and digits</source>
        <translation>не меньше 6 латинских букв и цифр</translation>
    </message>
    <message>
        <source>Login:</source>
        <translation>Логин:</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Пароль:</translation>
    </message>
    <message>
        <source>empty: the subscriber&apos;s phone</source>
        <translation>пусто — телефон абонента</translation>
    </message>
    <message>
        <source>TV platform login (phone):</source>
        <translation>Логин ТВ-платформы (телефон):</translation>
    </message>
    <message>
        <source>Devices at most:</source>
        <translation>Устройств не больше:</translation>
    </message>
    <message>
        <source>Only Internet and IPTV services have network access.</source>
        <translation>Доступ в сети есть только у Интернета и IPTV.</translation>
    </message>
    <message>
        <source>Suspend service</source>
        <translation>Приостановка услуги</translation>
    </message>
    <message>
        <source>Until:</source>
        <translation>До:</translation>
    </message>
    <message>
        <source>Close service</source>
        <translation>Закрытие услуги</translation>
    </message>
    <message>
        <source>Terminate contract {number}</source>
        <translation>Расторжение договора {number}</translation>
    </message>
</context>
<context>
    <name>HistoryModel</name>
    <message>
        <source>When</source>
        <translation>Когда</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Кто</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>Что произошло</translation>
    </message>
    <message>
        <source>system</source>
        <translation>система</translation>
    </message>
</context>
<context>
    <name>InstallerDaysModel</name>
    <message>
        <source>Installer</source>
        <translation>Монтажник</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>День</translation>
    </message>
    <message>
        <source>Orders done</source>
        <translation>Выполнено нарядов</translation>
    </message>
</context>
<context>
    <name>InstallerTableModel</name>
    <message>
        <source>Full name</source>
        <translation>ФИО</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Телефон</translation>
    </message>
    <message>
        <source>Districts</source>
        <translation>Районы</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <source>active</source>
        <translation>работает</translation>
    </message>
    <message>
        <source>deactivated</source>
        <translation>отключён</translation>
    </message>
</context>
<context>
    <name>InstallersPage</name>
    <message>
        <source>Installers</source>
        <translation>Монтажники</translation>
    </message>
    <message>
        <source>&amp;New…</source>
        <translation>&amp;Новый…</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Изменить…</translation>
    </message>
    <message>
        <source>&amp;Deactivate</source>
        <translation>&amp;Отключить</translation>
    </message>
    <message>
        <source>Re&amp;activate</source>
        <translation>&amp;Включить</translation>
    </message>
    <message>
        <source>New installer</source>
        <translation>Новый монтажник</translation>
    </message>
    <message>
        <source>Installer {name}</source>
        <translation>Монтажник {name}</translation>
    </message>
    <message>
        <source>Full name:</source>
        <translation>ФИО:</translation>
    </message>
    <message>
        <source>Phone:</source>
        <translation>Телефон:</translation>
    </message>
    <message>
        <source>Districts:</source>
        <translation>Районы:</translation>
    </message>
    <message>
        <source>Deactivate installer</source>
        <translation>Отключение монтажника</translation>
    </message>
    <message>
        <source>Deactivate the installer {name}? Work orders keep the name, but no new ones can be assigned.</source>
        <translation>Отключить монтажника {name}? В нарядах он останется, но новые назначить ему будет нельзя.</translation>
    </message>
    <message>
        <source>Reactivate installer</source>
        <translation>Включение монтажника</translation>
    </message>
    <message>
        <source>Reactivate the installer {name}? Work orders can be assigned again.</source>
        <translation>Включить монтажника {name}? Ему снова можно будет назначать наряды.</translation>
    </message>
</context>
<context>
    <name>JournalModel</name>
    <message>
        <source>Date</source>
        <translation>Дата</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Время</translation>
    </message>
    <message>
        <source>Desk</source>
        <translation>Касса</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>Квитанция</translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation>Кассир</translation>
    </message>
    <message>
        <source>Contract</source>
        <translation>Договор</translation>
    </message>
    <message>
        <source>Subscriber</source>
        <translation>Абонент</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Способ</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Сумма</translation>
    </message>
    <message>
        <source>Fiscal receipt</source>
        <translation>Кассовый чек</translation>
    </message>
    <message>
        <source>document No. {number}</source>
        <translation>ФД № {number}</translation>
    </message>
    <message>
        <source>waiting for the register</source>
        <translation>ждёт кассу</translation>
    </message>
    <message>
        <source>not printed (cancelled first)</source>
        <translation>не пробивался (отменён раньше)</translation>
    </message>
    <message>
        <source>Cancelled: {reason}</source>
        <translation>Отменён: {reason}</translation>
    </message>
    <message>
        <source>{amount} (cancelled)</source>
        <translation>{amount} (отменён)</translation>
    </message>
</context>
<context>
    <name>JournalPage</name>
    <message>
        <source>all methods</source>
        <translation>все способы</translation>
    </message>
    <message>
        <source>contract No.</source>
        <translation>№ договора</translation>
    </message>
    <message>
        <source>not on the &amp;register yet</source>
        <translation>не пробитые на &amp;кассе</translation>
    </message>
    <message>
        <source>Only payments whose fiscal receipt still waits for the cash register</source>
        <translation>Только платежи, чей кассовый чек ещё ждёт онлайн-кассу</translation>
    </message>
    <message>
        <source>&amp;Show</source>
        <translation>&amp;Показать</translation>
    </message>
    <message>
        <source>&amp;Export to CSV…</source>
        <translation>&amp;Выгрузить в CSV…</translation>
    </message>
    <message>
        <source>From:</source>
        <translation>С:</translation>
    </message>
    <message>
        <source>to:</source>
        <translation>по:</translation>
    </message>
    <message>
        <source>all desks</source>
        <translation>все кассы</translation>
    </message>
    <message>
        <source>all cashiers</source>
        <translation>все кассиры</translation>
    </message>
    <message>
        <source>Payments: {count}, received {amount}, cancelled {cancelled}, total {net}.</source>
        <translation>Платежей: {count}, принято {amount}, отменено {cancelled}, итого {net}.</translation>
    </message>
    <message>
        <source>Export payments</source>
        <translation>Выгрузка платежей</translation>
    </message>
    <message>
        <source>CSV for Excel (*.csv)</source>
        <translation>CSV для Excel (*.csv)</translation>
    </message>
    <message>
        <source>{count} payments saved to {path}.</source>
        <translation>Сохранено платежей: {count}, файл {path}.</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>Internet</source>
        <translation>Интернет</translation>
    </message>
    <message>
        <source>Cable TV</source>
        <translation>КТВ</translation>
    </message>
    <message>
        <source>IPTV</source>
        <translation>IPTV</translation>
    </message>
    <message>
        <source>other service</source>
        <translation>прочая услуга</translation>
    </message>
    <message>
        <source>disconnect cable TV</source>
        <translation>отключение КТВ</translation>
    </message>
    <message>
        <source>reconnect cable TV</source>
        <translation>подключение КТВ</translation>
    </message>
    <message>
        <source>install</source>
        <translation>подключение</translation>
    </message>
    <message>
        <source>repair</source>
        <translation>ремонт</translation>
    </message>
    <message>
        <source>the subscriber paid</source>
        <translation>абонент оплатил</translation>
    </message>
    <message>
        <source>the service was closed</source>
        <translation>услуга закрыта</translation>
    </message>
    <message>
        <source>the contract was terminated</source>
        <translation>договор расторгнут</translation>
    </message>
    <message>
        <source>the contract was marked «never block»</source>
        <translation>договору поставлена отметка «не блокировать»</translation>
    </message>
    <message>
        <source>the payment was cancelled</source>
        <translation>платёж отменён</translation>
    </message>
    <message>
        <source>an outage credit paid the debt</source>
        <translation>долг погашен компенсацией за перерыв</translation>
    </message>
    <message>
        <source>no access</source>
        <translation>нет доступа</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>отказ</translation>
    </message>
    <message>
        <source>postponed</source>
        <translation>перенос</translation>
    </message>
</context>
<context>
    <name>LedgerModel</name>
    <message>
        <source>Date</source>
        <translation>Дата</translation>
    </message>
    <message>
        <source>Operation</source>
        <translation>Операция</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>Чек</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Сумма</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>Баланс</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Подробности</translation>
    </message>
    <message>
        <source>{amount} (cancelled)</source>
        <translation>{amount} (отменён)</translation>
    </message>
    <message>
        <source>{service}: {tariff}, for {period}</source>
        <translation>{service}: {tariff}, за {period}</translation>
    </message>
    <message>
        <source>payment by receipt {receipt} cancelled: {reason}</source>
        <translation>отмена платежа по чеку {receipt}: {reason}</translation>
    </message>
    <message>
        <source>cancelled: {reason}</source>
        <translation>отменён: {reason}</translation>
    </message>
    <message>
        <source>system</source>
        <translation>система</translation>
    </message>
    <message>
        <source>Entered {when} by {who}</source>
        <translation>Внесено {when}, {who}</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Subscriber Desk — sign in</source>
        <translation>Subscriber Desk — вход</translation>
    </message>
    <message>
        <source>Unlock the workstation</source>
        <translation>Разблокировка рабочего места</translation>
    </message>
    <message>
        <source>Sign in to Subscriber Desk</source>
        <translation>Вход в Subscriber Desk</translation>
    </message>
    <message>
        <source>&amp;Login:</source>
        <translation>&amp;Логин:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Пароль:</translation>
    </message>
    <message>
        <source>Database: {name}</source>
        <translation>База данных: {name}</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Разблокировать</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Войти</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Выйти</translation>
    </message>
    <message>
        <source>Opening the database…</source>
        <translation>Открываю базу данных…</translation>
    </message>
    <message>
        <source>Your account signs in with a second factor. Type the six-digit code your authenticator app shows now, or one of your printed recovery codes.</source>
        <translation>Для вашей учётной записи нужен второй фактор. Введите шестизначный код, который сейчас показывает приложение-аутентификатор, или один из напечатанных кодов восстановления.</translation>
    </message>
    <message>
        <source>&amp;Code:</source>
        <translation>&amp;Код:</translation>
    </message>
    <message>
        <source>Your account needs a second factor. Install an authenticator app on your phone (Google Authenticator, Яндекс Ключ, Microsoft Authenticator, FreeOTP…), scan this code with it or type the key below, then type the six-digit code the app shows.</source>
        <translation>Для вашей учётной записи нужен второй фактор. Установите на телефон приложение-аутентификатор (Яндекс Ключ, Google Authenticator, Microsoft Authenticator, FreeOTP…), отсканируйте им этот код или введите ключ ниже, затем введите шестизначный код из приложения.</translation>
    </message>
    <message>
        <source>Code from the &amp;app:</source>
        <translation>&amp;Код из приложения:</translation>
    </message>
    <message>
        <source>The second factor is set up. These recovery codes let you in once each if your phone is not at hand. They are shown only now: print them and keep the sheet safe.</source>
        <translation>Второй фактор настроен. Коды восстановления позволяют войти без телефона — каждый один раз. Они показываются только сейчас: напечатайте их и храните лист в надёжном месте.</translation>
    </message>
    <message>
        <source>&amp;Print the codes…</source>
        <translation>&amp;Напечатать коды…</translation>
    </message>
    <message>
        <source>Enter your login and password.</source>
        <translation>Введите логин и пароль.</translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>Подтвердить</translation>
    </message>
    <message>
        <source>Type the code from your authenticator app.</source>
        <translation>Введите код из приложения-аутентификатора.</translation>
    </message>
    <message>
        <source>I have kept the codes</source>
        <translation>Коды сохранены</translation>
    </message>
    <message>
        <source>Recovery codes</source>
        <translation>Коды восстановления</translation>
    </message>
    <message>
        <source>Failed sign-in attempts on your account since your last sign-in: {count}.</source>
        <translation>Неудачных попыток входа под вашей учётной записью с прошлого входа: {count}.</translation>
    </message>
    <message>
        <source>The last one at {time} from the computer «{pc}».</source>
        <translation>Последняя — {time} с компьютера «{pc}».</translation>
    </message>
    <message>
        <source>If that was not you, tell the administrator.</source>
        <translation>Если это были не вы, сообщите администратору.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Subscriber Desk — {name}</source>
        <translation>Subscriber Desk — {name}</translation>
    </message>
    <message>
        <source>Subscribers</source>
        <translation>Абоненты</translation>
    </message>
    <message>
        <source>Cash desk</source>
        <translation>Касса</translation>
    </message>
    <message>
        <source>Dispatch</source>
        <translation>Диспетчерская</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>Отчёты</translation>
    </message>
    <message>
        <source>Administration</source>
        <translation>Администрирование</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>Разде&amp;лы</translation>
    </message>
    <message>
        <source>&amp;Workstation</source>
        <translation>Се&amp;анс</translation>
    </message>
    <message>
        <source>&amp;Lock workstation</source>
        <translation>&amp;Заблокировать рабочее место</translation>
    </message>
    <message>
        <source>&amp;Sign out</source>
        <translation>&amp;Выйти из учётной записи</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>Вы&amp;ход из программы</translation>
    </message>
    <message>
        <source>Lan&amp;guage</source>
        <translation>&amp;Язык</translation>
    </message>
    <message>
        <source>Change &amp;database…</source>
        <translation>Сменить &amp;базу данных…</translation>
    </message>
    <message>
        <source>&amp;About Subscriber Desk…</source>
        <translation>&amp;О программе…</translation>
    </message>
    <message>
        <source>As the computer&apos;s system</source>
        <translation>Как в системе компьютера</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Язык</translation>
    </message>
    <message>
        <source>The program will speak the chosen language on this computer from its next start.</source>
        <translation>Программа перейдёт на выбранный язык на этом компьютере при следующем запуске.</translation>
    </message>
    <message>
        <source>none</source>
        <translation>нет</translation>
    </message>
    <message>
        <source>unknown: the database does not answer</source>
        <translation>неизвестно: база данных не отвечает</translation>
    </message>
    <message>
        <source>Subscriber Desk, version {version}</source>
        <translation>Subscriber Desk, версия {version}</translation>
    </message>
    <message>
        <source>Database: {name}</source>
        <translation>База данных: {name}</translation>
    </message>
    <message>
        <source>this computer only</source>
        <translation>только этот компьютер</translation>
    </message>
    <message>
        <source>office server</source>
        <translation>офисный сервер</translation>
    </message>
    <message>
        <source>Database schema: {schema}</source>
        <translation>Схема базы данных: {schema}</translation>
    </message>
    <message>
        <source>Server: PostgreSQL {version}</source>
        <translation>Сервер: PostgreSQL {version}</translation>
    </message>
    <message>
        <source>Program log: {path}</source>
        <translation>Журнал программы: {path}</translation>
    </message>
    <message>
        <source>About Subscriber Desk</source>
        <translation>О программе Subscriber Desk</translation>
    </message>
    <message>
        <source>User: {name} ({roles})</source>
        <translation>Пользователь: {name} ({roles})</translation>
    </message>
    <message>
        <source>embedded database {file}</source>
        <translation>локальная база {file}</translation>
    </message>
    <message>
        <source>server {name}</source>
        <translation>сервер {name}</translation>
    </message>
    <message>
        <source>Database: {where}</source>
        <translation>База данных: {where}</translation>
    </message>
    <message>
        <source>● connected</source>
        <translation>● связь есть</translation>
    </message>
    <message>
        <source>● no connection to the database</source>
        <translation>● нет связи с базой данных</translation>
    </message>
</context>
<context>
    <name>Methods</name>
    <message>
        <source>cash</source>
        <translation>наличные</translation>
    </message>
    <message>
        <source>card</source>
        <translation>карта</translation>
    </message>
    <message>
        <source>bank registry</source>
        <translation>банковский реестр</translation>
    </message>
    <message>
        <source>terminal</source>
        <translation>терминал</translation>
    </message>
</context>
<context>
    <name>NasModel</name>
    <message>
        <source>Name</source>
        <translation>Имя</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Адрес</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Тип</translation>
    </message>
    <message>
        <source>CoA port</source>
        <translation>Порт CoA</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Примечание</translation>
    </message>
</context>
<context>
    <name>Network</name>
    <message>
        <source>active</source>
        <translation>включена</translation>
    </message>
    <message>
        <source>blocked for debt</source>
        <translation>заблокирована за долг</translation>
    </message>
    <message>
        <source>suspended</source>
        <translation>приостановлена</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>закрыта</translation>
    </message>
    <message>
        <source>RADIUS</source>
        <translation>RADIUS</translation>
    </message>
    <message>
        <source>TV platform</source>
        <translation>ТВ-платформа</translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>ничего</translation>
    </message>
    <message>
        <source>access</source>
        <translation>доступ есть</translation>
    </message>
    <message>
        <source>the payment page</source>
        <translation>страница оплаты</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>отказ в доступе</translation>
    </message>
    <message>
        <source>no account</source>
        <translation>нет учётной записи</translation>
    </message>
    <message>
        <source>watching</source>
        <translation>пакеты работают</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>на паузе</translation>
    </message>
    <message>
        <source>{down}/{up} kbit/s</source>
        <translation>{down}/{up} кбит/с</translation>
    </message>
    <message>
        <source>packets {ids}</source>
        <translation>пакеты {ids}</translation>
    </message>
    <message>
        <source>devices: {count}</source>
        <translation>устройств: {count}</translation>
    </message>
    <message>
        <source>open sessions: {count}</source>
        <translation>открытых сессий: {count}</translation>
    </message>
    <message>
        <source>no login on the card</source>
        <translation>на карточке нет логина</translation>
    </message>
    <message>
        <source>no password on the card</source>
        <translation>на карточке нет пароля</translation>
    </message>
    <message>
        <source>no phone for the TV login (7 and ten digits) on the card</source>
        <translation>на карточке нет телефона для входа на ТВ-платформу (7 и ещё десять цифр)</translation>
    </message>
    <message>
        <source>the login {login} is also on contract {contract}</source>
        <translation>логин {login} есть и на договоре {contract}</translation>
    </message>
    <message>
        <source>CoA: the NAS {nas} is not on the NAS list</source>
        <translation>CoA: NAS {nas} нет в списке NAS</translation>
    </message>
    <message>
        <source>CoA: no CoA secret for the NAS {nas} on the delivering computer</source>
        <translation>CoA: на компьютере, который передаёт изменения, нет секрета CoA для NAS {nas}</translation>
    </message>
    <message>
        <source>CoA: no answer from the NAS {nas}</source>
        <translation>CoA: NAS {nas} не отвечает</translation>
    </message>
    <message>
        <source>CoA: the NAS {nas} refused the request{why}</source>
        <translation>CoA: NAS {nas} отклонил запрос{why}</translation>
    </message>
    <message>
        <source>{side} cannot be reached: {why}</source>
        <translation>{side}: нет связи ({why})</translation>
    </message>
</context>
<context>
    <name>NetworkPage</name>
    <message>
        <source>&amp;Keep FreeRADIUS in step (its tables in this database)</source>
        <translation>&amp;Вести FreeRADIUS вместе с услугами (его таблицы в этой базе)</translation>
    </message>
    <message>
        <source>no access (Access-Reject)</source>
        <translation>нет доступа (Access-Reject)</translation>
    </message>
    <message>
        <source>the payment page (a RADIUS group)</source>
        <translation>страницу оплаты (группа RADIUS)</translation>
    </message>
    <message>
        <source>a throttled rate</source>
        <translation>ограниченную скорость</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Сохранить</translation>
    </message>
    <message>
        <source>TV platform &amp;token on this PC…</source>
        <translation>&amp;Токен ТВ-платформы на этом ПК…</translation>
    </message>
    <message>
        <source>What the network is told</source>
        <translation>Что сообщается сети</translation>
    </message>
    <message>
        <source>A debtor&apos;s Internet gets:</source>
        <translation>Интернет должника получает:</translation>
    </message>
    <message>
        <source>Payment-page group:</source>
        <translation>Группа страницы оплаты:</translation>
    </message>
    <message>
        <source>Throttled rate, kbit/s:</source>
        <translation>Ограниченная скорость, кбит/с:</translation>
    </message>
    <message>
        <source>TV platform&apos;s API address:</source>
        <translation>Адрес API ТВ-платформы:</translation>
    </message>
    <message>
        <source>&amp;Add NAS…</source>
        <translation>&amp;Добавить NAS…</translation>
    </message>
    <message>
        <source>Re&amp;move NAS</source>
        <translation>&amp;Убрать NAS</translation>
    </message>
    <message>
        <source>CoA s&amp;ecret on this PC…</source>
        <translation>Се&amp;крет CoA на этом ПК…</translation>
    </message>
    <message>
        <source>&amp;Failures only</source>
        <translation>Только о&amp;шибки</translation>
    </message>
    <message>
        <source>&amp;Retry now</source>
        <translation>Повторить с&amp;ейчас</translation>
    </message>
    <message>
        <source>&amp;Deliver now</source>
        <translation>Пе&amp;редать сейчас</translation>
    </message>
    <message>
        <source>&amp;Check now</source>
        <translation>&amp;Проверить сейчас</translation>
    </message>
    <message>
        <source>A&amp;pply ours</source>
        <translation>Приме&amp;нить наше</translation>
    </message>
    <message>
        <source>Apply ours for a&amp;ll</source>
        <translation>Применить наше ко все&amp;м</translation>
    </message>
    <message>
        <source>Not checked yet.</source>
        <translation>Сверка ещё не проводилась.</translation>
    </message>
    <message>
        <source>On its way</source>
        <translation>В пути</translation>
    </message>
    <message>
        <source>Sync report</source>
        <translation>Сверка</translation>
    </message>
    <message>
        <source>NAS list</source>
        <translation>Список NAS</translation>
    </message>
    <message>
        <source>RADIUS needs the shared PostgreSQL database.</source>
        <translation>Для RADIUS нужна общая база PostgreSQL.</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>Сеть</translation>
    </message>
    <message>
        <source>The network settings are saved.</source>
        <translation>Настройки сети сохранены.</translation>
    </message>
    <message>
        <source>TV platform</source>
        <translation>ТВ-платформа</translation>
    </message>
    <message>
        <source>The provider API&apos;s token:</source>
        <translation>Токен API провайдера:</translation>
    </message>
    <message>
        <source>Kept in this computer&apos;s keyring.</source>
        <translation>Сохранено в хранилище паролей этого компьютера.</translation>
    </message>
    <message>
        <source>This computer has no keyring to keep it in. Give it to the delivering task in its environment instead (see the administrator&apos;s guide).</source>
        <translation>На этом компьютере нет хранилища паролей. Передайте значение задаче доставки через переменную окружения (см. руководство администратора).</translation>
    </message>
    <message>
        <source>New NAS</source>
        <translation>Новый NAS</translation>
    </message>
    <message>
        <source>IP address:</source>
        <translation>IP-адрес:</translation>
    </message>
    <message>
        <source>Short name:</source>
        <translation>Краткое имя:</translation>
    </message>
    <message>
        <source>Type:</source>
        <translation>Тип:</translation>
    </message>
    <message>
        <source>CoA port:</source>
        <translation>Порт CoA:</translation>
    </message>
    <message>
        <source>Note:</source>
        <translation>Примечание:</translation>
    </message>
    <message>
        <source>Remove the NAS {name} ({address}) from the list?</source>
        <translation>Убрать NAS {name} ({address}) из списка?</translation>
    </message>
    <message>
        <source>Choose the NAS in the list first.</source>
        <translation>Сначала выберите NAS в списке.</translation>
    </message>
    <message>
        <source>The CoA secret of {name} (kept on this PC only):</source>
        <translation>Секрет CoA для {name} (хранится только на этом ПК):</translation>
    </message>
    <message>
        <source>Waiting: {waiting}, of them failing: {failing}. Delivered: {delivered}.</source>
        <translation>Ожидают: {waiting}, из них с ошибкой: {failing}. Передано: {delivered}.</translation>
    </message>
    <message>
        <source>{count} made due now.</source>
        <translation>Поставлено на немедленную передачу: {count}.</translation>
    </message>
    <message>
        <source>Delivering…</source>
        <translation>Передаётся…</translation>
    </message>
    <message>
        <source>{delivered} delivered, {failed} failed.</source>
        <translation>Передано: {delivered}, с ошибкой: {failed}.</translation>
    </message>
    <message>
        <source>Last error: {error}</source>
        <translation>Последняя ошибка: {error}</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Сверка…</translation>
    </message>
    <message>
        <source>Checked {moment}: {count} differences among {compared} accounts.</source>
        <translation>Сверено {moment}: расхождений {count} на {compared} учётных записей.</translation>
    </message>
    <message>
        <source>Not reachable: {sides}</source>
        <translation>Недоступно: {sides}</translation>
    </message>
    <message>
        <source>Choose the lines to put right first.</source>
        <translation>Сначала выберите строки, которые нужно исправить.</translation>
    </message>
</context>
<context>
    <name>NeverBlock</name>
    <message>
        <source>for example: school No. 5, letter of 01.09</source>
        <translation>например: школа № 5, письмо от 01.09</translation>
    </message>
    <message>
        <source>Allow blocking</source>
        <translation>Разрешить блокировку</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>Причина:</translation>
    </message>
    <message>
        <source>Never block</source>
        <translation>Не блокировать</translation>
    </message>
    <message>
        <source>only until a date</source>
        <translation>только до даты</translation>
    </message>
    <message>
        <source>Until (inclusive):</source>
        <translation>До (включительно):</translation>
    </message>
</context>
<context>
    <name>NewContractDialog</name>
    <message>
        <source>New contract</source>
        <translation>Новый договор</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>Физическое лицо</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>Организация</translation>
    </message>
    <message>
        <source>+7 (916) 123-45-67</source>
        <translation>+7 (916) 123-45-67</translation>
    </message>
    <message>
        <source>SMS reminders</source>
        <translation>Напоминания по SMS</translation>
    </message>
    <message>
        <source>E-mail reminders</source>
        <translation>Напоминания по e-mail</translation>
    </message>
    <message>
        <source>Subscriber</source>
        <translation>Абонент</translation>
    </message>
    <message>
        <source>Type:</source>
        <translation>Тип:</translation>
    </message>
    <message>
        <source>Full name:</source>
        <translation>ФИО / наименование:</translation>
    </message>
    <message>
        <source>Phone:</source>
        <translation>Телефон:</translation>
    </message>
    <message>
        <source>Second phone:</source>
        <translation>Второй телефон:</translation>
    </message>
    <message>
        <source>E-mail:</source>
        <translation>E-mail:</translation>
    </message>
    <message>
        <source>Reminders:</source>
        <translation>Напоминания:</translation>
    </message>
    <message>
        <source>Passport (series, number):</source>
        <translation>Паспорт (серия, номер):</translation>
    </message>
    <message>
        <source>Issued by:</source>
        <translation>Кем выдан:</translation>
    </message>
    <message>
        <source>INN:</source>
        <translation>ИНН:</translation>
    </message>
    <message>
        <source>street and house, e.g. ленина 12</source>
        <translation>улица и дом, например ленина 12</translation>
    </message>
    <message>
        <source>Premises</source>
        <translation>Помещение</translation>
    </message>
    <message>
        <source>Building:</source>
        <translation>Дом:</translation>
    </message>
    <message>
        <source>Apartment:</source>
        <translation>Квартира:</translation>
    </message>
    <message>
        <source>Services</source>
        <translation>Услуги</translation>
    </message>
    <message>
        <source>Internet</source>
        <translation>Интернет</translation>
    </message>
    <message>
        <source>Cable TV</source>
        <translation>Кабельное ТВ</translation>
    </message>
    <message>
        <source>IPTV</source>
        <translation>IPTV</translation>
    </message>
    <message>
        <source>login / card / MAC</source>
        <translation>логин / карта / MAC</translation>
    </message>
    <message>
        <source>Signed on:</source>
        <translation>Дата договора:</translation>
    </message>
    <message>
        <source>Credit limit, ₽:</source>
        <translation>Кредитный лимит, ₽:</translation>
    </message>
    <message>
        <source>none</source>
        <translation>нет</translation>
    </message>
    <message>
        <source>Promotion:</source>
        <translation>Акция:</translation>
    </message>
    <message>
        <source>&amp;Sign contract</source>
        <translation>&amp;Заключить договор</translation>
    </message>
    <message>
        <source>Possible duplicate</source>
        <translation>Возможный дубль</translation>
    </message>
    <message>
        <source>the same phone</source>
        <translation>тот же телефон</translation>
    </message>
    <message>
        <source>the same passport</source>
        <translation>тот же паспорт</translation>
    </message>
    <message>
        <source>the same premises</source>
        <translation>то же помещение</translation>
    </message>
</context>
<context>
    <name>NotesModel</name>
    <message>
        <source>When</source>
        <translation>Когда</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Кто</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Заметка</translation>
    </message>
    <message>
        <source>system</source>
        <translation>система</translation>
    </message>
</context>
<context>
    <name>NotificationsPage</name>
    <message>
        <source>Placeholders: {list}.</source>
        <translation>Подстановки: {list}.</translation>
    </message>
    <message>
        <source>&amp;Save texts</source>
        <translation>&amp;Сохранить тексты</translation>
    </message>
    <message>
        <source>Reminder texts</source>
        <translation>Тексты напоминаний</translation>
    </message>
    <message>
        <source>When the debt starts:</source>
        <translation>При возникновении долга:</translation>
    </message>
    <message>
        <source>Before the disconnect:</source>
        <translation>Перед отключением:</translation>
    </message>
    <message>
        <source>Outage compensation:</source>
        <translation>Компенсация за перерыв:</translation>
    </message>
    <message>
        <source>A promotion given:</source>
        <translation>Подключена акция:</translation>
    </message>
    <message>
        <source>Send reminders by Telegram to subscribers who &amp;linked a chat (instead of SMS)</source>
        <translation>&amp;Отправлять напоминания в Telegram абонентам, привязавшим чат (вместо SMS)</translation>
    </message>
    <message>
        <source>for example: @cable_tver_bot</source>
        <translation>например: @cable_tver_bot</translation>
    </message>
    <message>
        <source>Save Telegra&amp;m settings</source>
        <translation>Сохранить настройки Tele&amp;gram</translation>
    </message>
    <message>
        <source>Bot &amp;token on this PC…</source>
        <translation>&amp;Токен бота на этом ПК…</translation>
    </message>
    <message>
        <source>Telegram</source>
        <translation>Telegram</translation>
    </message>
    <message>
        <source>The bot&apos;s username:</source>
        <translation>Имя бота:</translation>
    </message>
    <message>
        <source>all</source>
        <translation>все</translation>
    </message>
    <message>
        <source>queued</source>
        <translation>в очереди</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>с ошибкой</translation>
    </message>
    <message>
        <source>sent</source>
        <translation>отправленные</translation>
    </message>
    <message>
        <source>&amp;Retry failed</source>
        <translation>&amp;Повторить неотправленные</translation>
    </message>
    <message>
        <source>Outbox:</source>
        <translation>Исходящие:</translation>
    </message>
    <message>
        <source>The Telegram settings are saved.</source>
        <translation>Настройки Telegram сохранены.</translation>
    </message>
    <message>
        <source>The bot&apos;s token from @BotFather (like 123456:ABC-DEF…):</source>
        <translation>Токен бота от @BotFather (вида 123456:ABC-DEF…):</translation>
    </message>
    <message>
        <source>Kept in this computer&apos;s keyring. The computer that runs the reminders&apos; scheduled task needs it there too (or in its environment).</source>
        <translation>Сохранён в хранилище паролей этого компьютера. Он нужен и компьютеру, где по расписанию отправляются напоминания (там — в хранилище паролей или в переменных окружения задачи).</translation>
    </message>
    <message>
        <source>This computer has no keyring to keep it in. Give it to the reminders&apos; scheduled task in its environment instead (SUBSCRIBER_DESK_TELEGRAM_TOKEN).</source>
        <translation>На этом компьютере нет хранилища паролей. Передайте токен задаче отправки напоминаний через переменную окружения SUBSCRIBER_DESK_TELEGRAM_TOKEN.</translation>
    </message>
    <message>
        <source>The texts are saved.</source>
        <translation>Тексты сохранены.</translation>
    </message>
    <message>
        <source>Outbox</source>
        <translation>Исходящие</translation>
    </message>
    <message>
        <source>There are no failed reminders in the list.</source>
        <translation>В списке нет неотправленных напоминаний.</translation>
    </message>
    <message>
        <source>{count} reminders queued again.</source>
        <translation>Снова поставлено в очередь: {count}.</translation>
    </message>
</context>
<context>
    <name>OpenShiftDialog</name>
    <message>
        <source>Open a shift</source>
        <translation>Открытие смены</translation>
    </message>
    <message>
        <source>Cash desk:</source>
        <translation>Касса:</translation>
    </message>
    <message>
        <source>Opening cash, ₽:</source>
        <translation>Наличные на начало смены, ₽:</translation>
    </message>
</context>
<context>
    <name>OutageCostsModel</name>
    <message>
        <source>Outage</source>
        <translation>Перерыв</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Начало</translation>
    </message>
    <message>
        <source>Until</source>
        <translation>Конец</translation>
    </message>
    <message>
        <source>Which services</source>
        <translation>Какие услуги</translation>
    </message>
    <message>
        <source>Services credited</source>
        <translation>Услуг</translation>
    </message>
    <message>
        <source>Credited</source>
        <translation>Зачтено</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Отменён</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Причина</translation>
    </message>
</context>
<context>
    <name>OutagesModel</name>
    <message>
        <source>What happened</source>
        <translation>Что случилось</translation>
    </message>
    <message>
        <source>From</source>
        <translation>С</translation>
    </message>
    <message>
        <source>To</source>
        <translation>По</translation>
    </message>
    <message>
        <source>Credits</source>
        <translation>Начислений</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Сумма</translation>
    </message>
    <message>
        <source>Booked on</source>
        <translation>Проведено</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <source>cancelled: {reason}</source>
        <translation>отменено: {reason}</translation>
    </message>
    <message>
        <source>credited</source>
        <translation>начислено</translation>
    </message>
</context>
<context>
    <name>OutagesPage</name>
    <message>
        <source>e.g. a fibre cut on Lenina street</source>
        <translation>например: обрыв оптики на ул. Ленина</translation>
    </message>
    <message>
        <source>street and house…</source>
        <translation>улица и дом…</translation>
    </message>
    <message>
        <source>Districts</source>
        <translation>Районы</translation>
    </message>
    <message>
        <source>Tariffs</source>
        <translation>Тарифы</translation>
    </message>
    <message>
        <source>Buildings</source>
        <translation>Дома</translation>
    </message>
    <message>
        <source>contract numbers, separated by spaces or commas</source>
        <translation>номера договоров через пробел или запятую</translation>
    </message>
    <message>
        <source>S&amp;how who is credited</source>
        <translation>&amp;Показать, кому начислится</translation>
    </message>
    <message>
        <source>C&amp;redit them</source>
        <translation>&amp;Начислить компенсацию</translation>
    </message>
    <message>
        <source>What happ&amp;ened:</source>
        <translation>Что &amp;случилось:</translation>
    </message>
    <message>
        <source>When:</source>
        <translation>Когда:</translation>
    </message>
    <message>
        <source>C&amp;ontracts:</source>
        <translation>&amp;Договоры:</translation>
    </message>
    <message>
        <source>Services:</source>
        <translation>Услуги:</translation>
    </message>
    <message>
        <source>Compensate an outage</source>
        <translation>Компенсация за перерыв связи</translation>
    </message>
    <message>
        <source>Cancel the &amp;batch…</source>
        <translation>Отменить &amp;весь пакет…</translation>
    </message>
    <message>
        <source>Compensated outages</source>
        <translation>Компенсированные перерывы</translation>
    </message>
    <message>
        <source>Services: {services}, contracts: {contracts}, in all {total}.</source>
        <translation>Услуг: {services}, договоров: {contracts}, всего {total}.</translation>
    </message>
    <message>
        <source>Left out, credited for this time already by a batch not cancelled: {count}.</source>
        <translation>Не вошли — уже получили компенсацию за это время (пакет не отменён): {count}.</translation>
    </message>
    <message>
        <source>No such contracts: {numbers}.</source>
        <translation>Нет таких договоров: {numbers}.</translation>
    </message>
    <message>
        <source>Credit {total} to {contracts} contract(s) for «{reason}»?</source>
        <translation>Начислить {total} на договоры ({contracts}) за «{reason}»?</translation>
    </message>
    <message>
        <source>Credited. Each subscriber is told in the compensation text.</source>
        <translation>Начислено. Каждому абоненту отправится сообщение о компенсации.</translation>
    </message>
    <message>
        <source>Cancel the batch</source>
        <translation>Отмена пакета компенсаций</translation>
    </message>
    <message>
        <source>Select the outage whose credits to cancel.</source>
        <translation>Выберите перерыв, компенсации за который нужно отменить.</translation>
    </message>
    <message>
        <source>This batch is cancelled already.</source>
        <translation>Этот пакет уже отменён.</translation>
    </message>
    <message>
        <source>All {count} credits of «{reason}» ({total}) will be reversed. Why?</source>
        <translation>Все начисления за «{reason}» ({count}, на {total}) будут сторнированы. Почему?</translation>
    </message>
</context>
<context>
    <name>OutboxModel</name>
    <message>
        <source>Queued</source>
        <translation>Создано</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Канал</translation>
    </message>
    <message>
        <source>Recipient</source>
        <translation>Получатель</translation>
    </message>
    <message>
        <source>Contract</source>
        <translation>Договор</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Попыток</translation>
    </message>
    <message>
        <source>Text / last error</source>
        <translation>Текст / последняя ошибка</translation>
    </message>
    <message>
        <source>sending</source>
        <translation>отправляется</translation>
    </message>
    <message>
        <source>queued</source>
        <translation>в очереди</translation>
    </message>
    <message>
        <source>sent</source>
        <translation>отправлено</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>ошибка</translation>
    </message>
</context>
<context>
    <name>PaymentDialog</name>
    <message>
        <source>Payment</source>
        <translation>Платёж</translation>
    </message>
    <message>
        <source>contract number, then Enter</source>
        <translation>номер договора и Enter</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>Наличные</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>Банковская карта</translation>
    </message>
    <message>
        <source>paper only; or a phone or e-mail</source>
        <translation>только бумажный; или телефон, или e-mail</translation>
    </message>
    <message>
        <source>Contract:</source>
        <translation>Договор:</translation>
    </message>
    <message>
        <source>Pay ahead:</source>
        <translation>Оплата вперёд:</translation>
    </message>
    <message>
        <source>Amount, ₽:</source>
        <translation>Сумма, ₽:</translation>
    </message>
    <message>
        <source>Method:</source>
        <translation>Способ оплаты:</translation>
    </message>
    <message>
        <source>Comment:</source>
        <translation>Комментарий:</translation>
    </message>
    <message>
        <source>Electronic receipt to:</source>
        <translation>Электронный чек на:</translation>
    </message>
    <message>
        <source>&amp;Post payment</source>
        <translation>&amp;Провести платёж</translation>
    </message>
    <message>
        <source> — in debt</source>
        <translation> — долг</translation>
    </message>
    <message>
        <source>Balance: {balance}</source>
        <translation>Баланс: {balance}</translation>
    </message>
    <message>
        <source>no: an ordinary payment</source>
        <translation>нет: обычный платёж</translation>
    </message>
    <message>
        <source>promotion «{name}» ({terms})</source>
        <translation>акция «{name}» ({terms})</translation>
    </message>
    <message numerus="yes">
        <source>%n month(s)</source>
        <translation>
            <numerusform>%n месяц</numerusform>
            <numerusform>%n месяца</numerusform>
            <numerusform>%n месяцев</numerusform>
        </translation>
    </message>
    <message>
        <source>{first} to {last}: {period}</source>
        <translation>с {first} по {last}: {period}</translation>
    </message>
    <message>
        <source>, and {owed} owed before it (the debt, the rest of this month)</source>
        <translation>, и до начала периода {owed} (долг и остаток этого месяца)</translation>
    </message>
    <message>
        <source>. To take: at least {required}.</source>
        <translation>. Принять не меньше {required}.</translation>
    </message>
    <message>
        <source>Post {amount} ({words}) to contract {number}?

This is much more than the contract&apos;s fees: check the amount the subscriber actually gave.</source>
        <translation>Провести {amount} ({words}) по договору {number}?

Это намного больше оплаты по договору: проверьте, сколько абонент действительно дал.</translation>
    </message>
    <message>
        <source>Check the amount</source>
        <translation>Проверьте сумму</translation>
    </message>
    <message>
        <source>&amp;Check again</source>
        <translation>&amp;Проверить снова</translation>
    </message>
    <message>
        <source>Press «Check again» when the connection is back: the payment will not be posted twice.</source>
        <translation>Когда связь восстановится, нажмите «Проверить снова»: платёж не будет проведён дважды.</translation>
    </message>
    <message>
        <source>The payment was NOT posted. Check the amount and press «Post payment» to post it now.</source>
        <translation>Платёж НЕ проведён. Проверьте сумму и нажмите «Провести платёж», чтобы провести его сейчас.</translation>
    </message>
    <message>
        <source>Whether this payment went through is not known yet. The cash desk will check it before the next payment: do not take the money again until it says so.</source>
        <translation>Прошёл ли этот платёж, пока не известно. Касса проверит это перед следующим платежом: не берите деньги повторно, пока она не сообщит.</translation>
    </message>
</context>
<context>
    <name>PriceHistoryModel</name>
    <message>
        <source>From</source>
        <translation>С даты</translation>
    </message>
    <message>
        <source>Monthly fee</source>
        <translation>Абонентская плата</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <source>past</source>
        <translation>прежняя</translation>
    </message>
    <message>
        <source>in effect</source>
        <translation>действует</translation>
    </message>
    <message>
        <source>scheduled</source>
        <translation>запланирована</translation>
    </message>
</context>
<context>
    <name>PromotionDialog</name>
    <message>
        <source>waiting for the prepayment</source>
        <translation>ждёт оплаты вперёд</translation>
    </message>
    <message>
        <source>ended</source>
        <translation>завершена</translation>
    </message>
    <message>
        <source>until {date}</source>
        <translation>до {date}</translation>
    </message>
    <message>
        <source>in force</source>
        <translation>действует</translation>
    </message>
    <message>
        <source>«{name}» ({terms}): {state}</source>
        <translation>«{name}» ({terms}): {state}</translation>
    </message>
    <message>
        <source>prepaid from {first} to {last} ({months} mo.)</source>
        <translation>оплачено вперёд с {first} по {last} ({months} мес.)</translation>
    </message>
    <message>
        <source>the first {months} mo. at {price} a month</source>
        <translation>первые {months} мес. по {price} в месяц</translation>
    </message>
    <message>
        <source>{months} mo. for the price of {paid}</source>
        <translation>{months} мес. по цене {paid}</translation>
    </message>
    <message>
        <source>a bonus of {amount}</source>
        <translation>бонус {amount}</translation>
    </message>
    <message>
        <source>Give a promotion</source>
        <translation>Подключить акцию</translation>
    </message>
    <message>
        <source>Promotion:</source>
        <translation>Акция:</translation>
    </message>
    <message>
        <source>End a promotion</source>
        <translation>Завершить акцию</translation>
    </message>
</context>
<context>
    <name>PromotionsModel</name>
    <message>
        <source>Name</source>
        <translation>Название</translation>
    </message>
    <message>
        <source>Terms</source>
        <translation>Условия</translation>
    </message>
    <message>
        <source>Offered until</source>
        <translation>Предлагается до</translation>
    </message>
    <message>
        <source>Given</source>
        <translation>Подключена</translation>
    </message>
    <message>
        <source>Cost so far</source>
        <translation>Обошлась</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <source>no end</source>
        <translation>без срока</translation>
    </message>
    <message>
        <source>retired</source>
        <translation>снята</translation>
    </message>
    <message>
        <source>offered</source>
        <translation>предлагается</translation>
    </message>
</context>
<context>
    <name>PromotionsPage</name>
    <message>
        <source>Offers the front desk gives a contract on its card or at signing. A first-months price and a bonus take effect when given; a prepayment offer waits for the cashier. Terms never change once defined: retire a promotion and define another.</source>
        <translation>Предложения, которые абонентский отдел подключает договору в карточке или при заключении. Цена первых месяцев и бонус действуют сразу; предложение оплаты вперёд ждёт кассира. Условия акции не меняются: снимите её и заведите новую.</translation>
    </message>
    <message>
        <source>&amp;New promotion…</source>
        <translation>&amp;Новая акция…</translation>
    </message>
    <message>
        <source>&amp;Retire</source>
        <translation>Сн&amp;ять</translation>
    </message>
    <message>
        <source>New promotion</source>
        <translation>Новая акция</translation>
    </message>
    <message>
        <source>for example: 3 months for the price of 2.5</source>
        <translation>например: 3 месяца по цене 2,5</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Название:</translation>
    </message>
    <message>
        <source>months paid ahead for the price of fewer</source>
        <translation>месяцы вперёд по цене меньшего числа</translation>
    </message>
    <message>
        <source>the first months at a price</source>
        <translation>первые месяцы по особой цене</translation>
    </message>
    <message>
        <source>a bonus credited to the account</source>
        <translation>бонус на лицевой счёт</translation>
    </message>
    <message>
        <source>Gives:</source>
        <translation>Даёт:</translation>
    </message>
    <message>
        <source>Months:</source>
        <translation>Месяцев:</translation>
    </message>
    <message>
        <source>Months paid:</source>
        <translation>Оплачивается месяцев:</translation>
    </message>
    <message>
        <source>Price a month, ₽:</source>
        <translation>Цена в месяц, ₽:</translation>
    </message>
    <message>
        <source>every service</source>
        <translation>все услуги</translation>
    </message>
    <message>
        <source>For:</source>
        <translation>Для:</translation>
    </message>
    <message>
        <source>Bonus, ₽:</source>
        <translation>Бонус, ₽:</translation>
    </message>
    <message>
        <source>offered only until a date</source>
        <translation>предлагается только до даты</translation>
    </message>
    <message>
        <source>Offered until:</source>
        <translation>Предлагается до:</translation>
    </message>
    <message>
        <source>Stop offering «{name}»? Contracts that have it keep it to its end.</source>
        <translation>Перестать предлагать «{name}»? У договоров, где она подключена, акция доработает до конца.</translation>
    </message>
    <message>
        <source>Retire the promotion</source>
        <translation>Снять акцию</translation>
    </message>
</context>
<context>
    <name>Prompts</name>
    <message>
        <source>Subscriber Desk</source>
        <translation>Subscriber Desk</translation>
    </message>
    <message>
        <source>Something went wrong and the action was not completed. A report for your administrator is saved to {path}.</source>
        <translation>Что-то пошло не так, действие не выполнено. Отчёт для администратора сохранён в {path}.</translation>
    </message>
    <message>
        <source>the program log</source>
        <translation>журнал программы</translation>
    </message>
    <message>
        <source>Something went wrong and the action was not completed. Details are saved to {path}.</source>
        <translation>Произошла ошибка, действие не выполнено. Подробности сохранены в {path}.</translation>
    </message>
</context>
<context>
    <name>Reconnect</name>
    <message>
        <source>Cable TV is cut for debt: it will be reconnected with the next payment.</source>
        <translation>Кабельное ТВ отключено за долг: его подключат при следующем платеже.</translation>
    </message>
    <message>
        <source>debt {amount}</source>
        <translation>долг {amount}</translation>
    </message>
    <message>
        <source>reconnection {amount}</source>
        <translation>подключение {amount}</translation>
    </message>
    <message>
        <source>charges until {date} {amount}</source>
        <translation>начисления по {date} {amount}</translation>
    </message>
    <message>
        <source>minus {amount} on the account</source>
        <translation>минус {amount} на счёте</translation>
    </message>
    <message>
        <source>To reconnect cable TV pay {amount} by {date} ({parts}).</source>
        <translation>Для подключения кабельного ТВ внесите {amount} до {date} ({parts}).</translation>
    </message>
</context>
<context>
    <name>RegisterPanel</name>
    <message>
        <source>Cash re&amp;gister</source>
        <translation>&amp;Касса</translation>
    </message>
    <message>
        <source>Open the register&apos;s shift</source>
        <translation>Открыть смену на кассе</translation>
    </message>
    <message>
        <source>X report on the register</source>
        <translation>X-отчёт на кассе</translation>
    </message>
    <message>
        <source>Close the register&apos;s shift (Z report)…</source>
        <translation>Закрыть смену на кассе (Z-отчёт)…</translation>
    </message>
    <message>
        <source>Check the register</source>
        <translation>Проверить кассу</translation>
    </message>
    <message>
        <source>Cash register: {why}</source>
        <translation>Онлайн-касса: {why}</translation>
    </message>
    <message>
        <source>Asking the cash register…</source>
        <translation>Опрашиваю онлайн-кассу…</translation>
    </message>
    <message>
        <source>Cash register: shift {number} open until {time}.</source>
        <translation>Онлайн-касса: смена № {number} открыта до {time}.</translation>
    </message>
    <message>
        <source>Cash register: shift {number} open for over 24 hours.</source>
        <translation>Онлайн-касса: смена № {number} открыта больше 24 часов.</translation>
    </message>
    <message>
        <source>Cash register: its shift is closed.</source>
        <translation>Онлайн-касса: смена на кассе закрыта.</translation>
    </message>
    <message>
        <source>The register refuses receipts until that shift is closed: «Cash register» → «Open the register&apos;s shift» closes it (Z report) and opens a new one.</source>
        <translation>Касса не пробьёт чеки, пока эту смену не закрыть: «Касса» → «Открыть смену на кассе» закроет её (Z-отчёт) и откроет новую.</translation>
    </message>
    <message>
        <source>It turns 24 hours old at {time}: close your shift before then.</source>
        <translation>В {time} ей исполнится 24 часа: закройте смену до этого.</translation>
    </message>
    <message>
        <source>Open yours: «Cash register» → «Open the register&apos;s shift».</source>
        <translation>Откройте свою: «Касса» → «Открыть смену на кассе».</translation>
    </message>
    <message>
        <source>The first receipt opens it, or «Cash register» → «Open the register&apos;s shift».</source>
        <translation>Её откроет первый чек или «Касса» → «Открыть смену на кассе».</translation>
    </message>
    <message>
        <source>The fiscal drive is nearly full or must be replaced: call the register&apos;s service company.</source>
        <translation>Фискальный накопитель почти заполнен или требует замены: вызовите обслуживающую кассу организацию.</translation>
    </message>
    <message>
        <source>The fiscal drive expires on {date}: order a new one.</source>
        <translation>Срок фискального накопителя истекает {date}: закажите новый.</translation>
    </message>
    <message>
        <source>The register has not sent {count} document(s) to the fiscal data operator since {time}: check its Internet connection.</source>
        <translation>Касса не передала оператору фискальных данных документов: {count}, с {time}: проверьте её подключение к Интернету.</translation>
    </message>
    <message>
        <source>The register&apos;s shift {number} was opened with {name}&apos;s shift {shift} of {time}.</source>
        <translation>Смена № {number} на кассе открыта со сменой {shift} кассира {name} от {time}.</translation>
    </message>
    <message>
        <source>The register&apos;s shift {number} was opened at the register itself or by another program.</source>
        <translation>Смена № {number} на кассе открыта на самой кассе или другой программой.</translation>
    </message>
    <message>
        <source>Opening the cash register&apos;s shift…</source>
        <translation>Открываю смену на кассе…</translation>
    </message>
    <message>
        <source>It has been open for over 24 hours.</source>
        <translation>Она открыта больше 24 часов.</translation>
    </message>
    <message>
        <source>Close it now (its Z report is printed) and open yours?</source>
        <translation>Закрыть её сейчас (будет напечатан Z-отчёт) и открыть вашу?</translation>
    </message>
    <message>
        <source>Cash register</source>
        <translation>Онлайн-касса</translation>
    </message>
    <message>
        <source>Printing the X report on the cash register…</source>
        <translation>Печатаю X-отчёт на кассе…</translation>
    </message>
    <message>
        <source>Close the cash register&apos;s shift now? It prints the register&apos;s Z report; receipts after it open a new register shift.</source>
        <translation>Закрыть смену на кассе сейчас? Касса напечатает Z-отчёт; следующий чек откроет на ней новую смену.</translation>
    </message>
</context>
<context>
    <name>Registries</name>
    <message>
        <source>Sberbank registry (text, «;»-separated)</source>
        <translation>Реестр Сбербанка (текст, разделитель «;»)</translation>
    </message>
    <message>
        <source>CSV or Excel table (column mapping)</source>
        <translation>Таблица CSV или Excel (по описанию столбцов)</translation>
    </message>
    <message>
        <source>new</source>
        <translation>новый</translation>
    </message>
    <message>
        <source>already imported</source>
        <translation>уже загружен</translation>
    </message>
    <message>
        <source>unknown contract</source>
        <translation>нет договора</translation>
    </message>
    <message>
        <source>error</source>
        <translation>ошибка</translation>
    </message>
</context>
<context>
    <name>RegistriesPage</name>
    <message>
        <source>&amp;Import registry…</source>
        <translation>&amp;Загрузить реестр…</translation>
    </message>
    <message>
        <source>Registry file from {agent}</source>
        <translation>Файл реестра от агента «{agent}»</translation>
    </message>
    <message>
        <source>Registry files (*.txt *.csv *.xlsx);;All files (*)</source>
        <translation>Файлы реестров (*.txt *.csv *.xlsx);;Все файлы (*)</translation>
    </message>
    <message>
        <source>Reading and checking {file}…</source>
        <translation>Чтение и проверка {file}…</translation>
    </message>
    <message>
        <source>Payment registries</source>
        <translation>Реестры платежей</translation>
    </message>
    <message>
        <source>Registry posted</source>
        <translation>Реестр проведён</translation>
    </message>
    <message>
        <source>Nothing new was posted; payments imported before: {count}.</source>
        <translation>Новых платежей нет; загруженных ранее: {count}.</translation>
    </message>
    <message>
        <source>Payments posted: {count}, amount: {amount}, commission: {commission}.</source>
        <translation>Проведено платежей: {count}, на сумму {amount}, комиссия {commission}.</translation>
    </message>
    <message>
        <source>Imported before and skipped: {count}.</source>
        <translation>Загружены ранее и пропущены: {count}.</translation>
    </message>
    <message>
        <source>Unknown contracts left aside: {count}.</source>
        <translation>Отложено строк с несуществующими договорами: {count}.</translation>
    </message>
    <message>
        <source>Debts cleared: {count}.</source>
        <translation>Погашено долгов: {count}.</translation>
    </message>
    <message>
        <source>Services unblocked: {count}.</source>
        <translation>Разблокировано услуг: {count}.</translation>
    </message>
    <message>
        <source>Disconnect orders cancelled: {count}.</source>
        <translation>Отменено нарядов на отключение: {count}.</translation>
    </message>
    <message>
        <source>Cable TV reconnections ordered: {count}.</source>
        <translation>Создано нарядов на подключение КТВ: {count}.</translation>
    </message>
</context>
<context>
    <name>RegistryLinesModel</name>
    <message>
        <source>Line</source>
        <translation>Строка</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Дата</translation>
    </message>
    <message>
        <source>Operation</source>
        <translation>Операция</translation>
    </message>
    <message>
        <source>Contract</source>
        <translation>Договор</translation>
    </message>
    <message>
        <source>Payer</source>
        <translation>Плательщик</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Сумма</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>Итог проверки</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Проблема</translation>
    </message>
</context>
<context>
    <name>RegistryPreviewDialog</name>
    <message>
        <source>Registry {file} from {agent}</source>
        <translation>Реестр {file} от агента «{agent}»</translation>
    </message>
    <message>
        <source>Show only the lines that need attention</source>
        <translation>Показывать только строки, требующие внимания</translation>
    </message>
    <message>
        <source>Leave unknown contracts aside (they stay listed with the batch)</source>
        <translation>Отложить строки с несуществующими договорами (они останутся в списке при реестре)</translation>
    </message>
    <message>
        <source>&amp;Post</source>
        <translation>&amp;Провести</translation>
    </message>
    <message>
        <source>Close without posting</source>
        <translation>Закрыть без проведения</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>Итог проверки</translation>
    </message>
    <message>
        <source>Lines</source>
        <translation>Строк</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Сумма</translation>
    </message>
    <message>
        <source>The file has no total line.</source>
        <translation>В файле нет итоговой строки.</translation>
    </message>
    <message>
        <source>The file&apos;s own total line — payments: {count}, amount: {amount}.</source>
        <translation>Итоговая строка файла — платежей: {count}, сумма: {amount}.</translation>
    </message>
    <message>
        <source>Ready to post — new payments: {count}, amount: {amount}.</source>
        <translation>Готов к проведению — новых платежей: {count}, на сумму {amount}.</translation>
    </message>
    <message>
        <source>Left aside (unknown contracts) — lines: {count}, amount: {amount}.</source>
        <translation>Будут отложены (нет договора) — строк: {count}, на сумму {amount}.</translation>
    </message>
    <message>
        <source>Nothing new to post: every payment of this file has been imported before.</source>
        <translation>Проводить нечего: все платежи этого файла уже загружены.</translation>
    </message>
    <message>
        <source>Posting the registry…</source>
        <translation>Проведение реестра…</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <source>Payments journal</source>
        <translation>Журнал платежей</translation>
    </message>
    <message>
        <source>Debtors</source>
        <translation>Должники</translation>
    </message>
    <message>
        <source>Field work</source>
        <translation>Выездные работы</translation>
    </message>
    <message>
        <source>Revenue</source>
        <translation>Выручка</translation>
    </message>
</context>
<context>
    <name>RevenueMonthsModel</name>
    <message>
        <source>Month</source>
        <translation>Месяц</translation>
    </message>
    <message>
        <source>Charged</source>
        <translation>Начислено</translation>
    </message>
    <message>
        <source>One-off fees</source>
        <translation>Разовые платежи</translation>
    </message>
    <message>
        <source>Discounts given</source>
        <translation>Скидки</translation>
    </message>
    <message>
        <source>Promotions</source>
        <translation>Акции</translation>
    </message>
    <message>
        <source>Compensation</source>
        <translation>Компенсации</translation>
    </message>
    <message>
        <source>Net revenue</source>
        <translation>Выручка</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>Оплачено</translation>
    </message>
</context>
<context>
    <name>RevenuePage</name>
    <message>
        <source>districts: {names}</source>
        <translation>районы: {names}</translation>
    </message>
    <message>
        <source>buildings: {count}</source>
        <translation>домов: {count}</translation>
    </message>
    <message>
        <source>tariffs: {names}</source>
        <translation>тарифы: {names}</translation>
    </message>
    <message>
        <source>contracts: {count}</source>
        <translation>договоров: {count}</translation>
    </message>
    <message>
        <source>every service</source>
        <translation>все услуги</translation>
    </message>
    <message>
        <source>&amp;From:</source>
        <translation>&amp;С:</translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation>П&amp;о:</translation>
    </message>
    <message>
        <source>&amp;Show</source>
        <translation>&amp;Показать</translation>
    </message>
    <message>
        <source>&amp;Print report…</source>
        <translation>Пе&amp;чать отчёта…</translation>
    </message>
    <message>
        <source>&amp;Export to CSV…</source>
        <translation>&amp;Выгрузить в CSV…</translation>
    </message>
    <message>
        <source>No months chosen.</source>
        <translation>Месяцы не выбраны.</translation>
    </message>
    <message>
        <source>No outage was compensated in these months.</source>
        <translation>За эти месяцы компенсаций за перерывы не было.</translation>
    </message>
    <message>
        <source>Compensation per outage</source>
        <translation>Компенсации за перерывы связи</translation>
    </message>
    <message>
        <source>Reading the revenue…</source>
        <translation>Читаю выручку…</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Итого</translation>
    </message>
    <message>
        <source>№ {number}, {date}</source>
        <translation>№ {number}, {date}</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>отменён</translation>
    </message>
    <message>
        <source>{first} – {last}: charged {charges}, discounts {discounts}, promotions {promotions}, compensation {compensation}, net revenue {net}, paid {payments}.</source>
        <translation>{first} – {last}: начислено {charges}, скидки {discounts}, акции {promotions}, компенсации {compensation}, выручка {net}, оплачено {payments}.</translation>
    </message>
    <message>
        <source>Charged</source>
        <translation>Начислено</translation>
    </message>
    <message>
        <source>Discounts given</source>
        <translation>Скидки</translation>
    </message>
    <message>
        <source>Promotions</source>
        <translation>Акции</translation>
    </message>
    <message>
        <source>Outage compensation</source>
        <translation>Компенсации за перерывы</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>Оплачено</translation>
    </message>
    <message>
        <source>Revenue {first} – {last}</source>
        <translation>Выручка: {first} – {last}</translation>
    </message>
    <message>
        <source>Export revenue</source>
        <translation>Выгрузка выручки</translation>
    </message>
    <message>
        <source>CSV for Excel (*.csv)</source>
        <translation>CSV для Excel (*.csv)</translation>
    </message>
    <message>
        <source>{count} months saved to {path}.</source>
        <translation>Сохранено месяцев: {count}, файл {path}.</translation>
    </message>
</context>
<context>
    <name>Roles</name>
    <message>
        <source>front desk</source>
        <translation>абонентский отдел</translation>
    </message>
    <message>
        <source>cashier</source>
        <translation>кассир</translation>
    </message>
    <message>
        <source>dispatcher</source>
        <translation>диспетчер</translation>
    </message>
    <message>
        <source>administrator</source>
        <translation>администратор</translation>
    </message>
</context>
<context>
    <name>RunsModel</name>
    <message>
        <source>Business date</source>
        <translation>Учётная дата</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Начат</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <source>Charges</source>
        <translation>Начислений</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Сумма</translation>
    </message>
    <message>
        <source>Debts / blocks / orders</source>
        <translation>Долги / блокировки / наряды</translation>
    </message>
    <message>
        <source>interrupted before it finished (its charges were kept)</source>
        <translation>прерван до завершения (начисления сохранены)</translation>
    </message>
    <message>
        <source>running</source>
        <translation>идёт</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>завершён</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>ошибка</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>прерван</translation>
    </message>
</context>
<context>
    <name>SearchResultsModel</name>
    <message>
        <source>Contract</source>
        <translation>Договор</translation>
    </message>
    <message>
        <source>Subscriber</source>
        <translation>Абонент</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Телефон</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Адрес</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>Баланс</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <source>active</source>
        <translation>действует</translation>
    </message>
    <message>
        <source>suspended</source>
        <translation>приостановлен</translation>
    </message>
    <message>
        <source>terminated</source>
        <translation>расторгнут</translation>
    </message>
</context>
<context>
    <name>SearchWidget</name>
    <message>
        <source>Name, phone, address or contract number</source>
        <translation>ФИО, телефон, адрес или номер договора</translation>
    </message>
    <message>
        <source>Nothing found. Check the spelling or type less.</source>
        <translation>Ничего не найдено. Проверьте написание или сократите запрос.</translation>
    </message>
    <message>
        <source>Found more than {count}; the best matches come first. Type more to narrow.</source>
        <translation>Найдено больше {count}; лучшие совпадения — первыми. Уточните запрос, чтобы сузить список.</translation>
    </message>
    <message>
        <source>Found: {count}</source>
        <translation>Найдено: {count}</translation>
    </message>
    <message>
        <source>The search failed; details are in the program log.</source>
        <translation>Поиск не удался; подробности — в журнале программы.</translation>
    </message>
</context>
<context>
    <name>ServicesModel</name>
    <message>
        <source>Service</source>
        <translation>Услуга</translation>
    </message>
    <message>
        <source>Tariff</source>
        <translation>Тариф</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>С даты</translation>
    </message>
    <message>
        <source>Login / ID</source>
        <translation>Логин / ID</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>Сеть</translation>
    </message>
    <message>
        <source>{tariff} (→ {next} from {date})</source>
        <translation>{tariff} (→ {next} с {date})</translation>
    </message>
    <message>
        <source>in step</source>
        <translation>передано</translation>
    </message>
    <message>
        <source>on its way</source>
        <translation>передаётся</translation>
    </message>
    <message>
        <source>not delivered</source>
        <translation>не передано</translation>
    </message>
    <message>
        <source>devices: {count}</source>
        <translation>устройств: {count}</translation>
    </message>
    <message>
        <source>{devices} (the contract&apos;s own)</source>
        <translation>{devices} (своё для договора)</translation>
    </message>
</context>
<context>
    <name>ShiftPaymentsModel</name>
    <message>
        <source>Receipt</source>
        <translation>Квитанция</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Время</translation>
    </message>
    <message>
        <source>Contract</source>
        <translation>Договор</translation>
    </message>
    <message>
        <source>Subscriber</source>
        <translation>Абонент</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Способ</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Сумма</translation>
    </message>
    <message>
        <source>{amount} (cancelled)</source>
        <translation>{amount} (отменён)</translation>
    </message>
</context>
<context>
    <name>StaffPage</name>
    <message>
        <source>Staff</source>
        <translation>Сотрудники</translation>
    </message>
    <message>
        <source>&amp;Add…</source>
        <translation>&amp;Добавить…</translation>
    </message>
    <message>
        <source>&amp;Roles…</source>
        <translation>&amp;Роли…</translation>
    </message>
    <message>
        <source>Reset &amp;password…</source>
        <translation>Сбросить &amp;пароль…</translation>
    </message>
    <message>
        <source>&amp;Deactivate</source>
        <translation>&amp;Отключить</translation>
    </message>
    <message>
        <source>&amp;Unlock</source>
        <translation>Раз&amp;блокировать</translation>
    </message>
    <message>
        <source>Reset second &amp;factor…</source>
        <translation>Сбросить второй &amp;фактор…</translation>
    </message>
    <message>
        <source>&amp;INN…</source>
        <translation>&amp;ИНН…</translation>
    </message>
    <message>
        <source>The cashier&apos;s INN, printed on their fiscal receipts</source>
        <translation>ИНН кассира, который печатается на его кассовых чеках</translation>
    </message>
    <message>
        <source>Re&amp;activate</source>
        <translation>&amp;Включить</translation>
    </message>
    <message>
        <source>Roles:</source>
        <translation>Роли:</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Пароль:</translation>
    </message>
    <message>
        <source>Repeat password:</source>
        <translation>Повтор пароля:</translation>
    </message>
    <message>
        <source>New staff member</source>
        <translation>Новый сотрудник</translation>
    </message>
    <message>
        <source>Login:</source>
        <translation>Логин:</translation>
    </message>
    <message>
        <source>Full name:</source>
        <translation>ФИО:</translation>
    </message>
    <message>
        <source>Roles of {login}</source>
        <translation>Роли сотрудника {login}</translation>
    </message>
    <message>
        <source>INN of {name}</source>
        <translation>ИНН: {name}</translation>
    </message>
    <message>
        <source>12 digits; empty: none</source>
        <translation>12 цифр; пусто — не указан</translation>
    </message>
    <message>
        <source>INN:</source>
        <translation>ИНН:</translation>
    </message>
    <message>
        <source>New password for {login}</source>
        <translation>Новый пароль для {login}</translation>
    </message>
    <message>
        <source>Reset the second factor of {login}? Their authenticator app and recovery codes stop working; they set up a new app at their next sign-in. Do it only when you are sure who asks.</source>
        <translation>Сбросить второй фактор {login}? Приложение-аутентификатор и коды восстановления перестанут действовать; при следующем входе сотрудник настроит приложение заново. Делайте это, только если уверены, кто просит.</translation>
    </message>
    <message>
        <source>Reset second factor</source>
        <translation>Сброс второго фактора</translation>
    </message>
    <message>
        <source>Deactivate the account {login}? The person will no longer be able to sign in.</source>
        <translation>Отключить учётную запись {login}? Сотрудник больше не сможет войти в программу.</translation>
    </message>
    <message>
        <source>Deactivate</source>
        <translation>Отключение</translation>
    </message>
</context>
<context>
    <name>StaffTableModel</name>
    <message>
        <source>Login</source>
        <translation>Логин</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>ФИО</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>Роли</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <source>INN</source>
        <translation>ИНН</translation>
    </message>
    <message>
        <source>Server login</source>
        <translation>Вход на сервер</translation>
    </message>
    <message>
        <source>deactivated</source>
        <translation>отключена</translation>
    </message>
    <message>
        <source>locked until {time}</source>
        <translation>заблокирована до {time}</translation>
    </message>
    <message>
        <source>active</source>
        <translation>действует</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <source>First administrator</source>
        <translation>Первый администратор</translation>
    </message>
    <message>
        <source>Login:</source>
        <translation>Логин:</translation>
    </message>
    <message>
        <source>Full name:</source>
        <translation>ФИО:</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Пароль:</translation>
    </message>
    <message>
        <source>Creating the demo database…</source>
        <translation>Создаётся демонстрационная база…</translation>
    </message>
    <message>
        <source>Subscriber Desk</source>
        <translation>Subscriber Desk</translation>
    </message>
    <message>
        <source>The database {name} is empty. Create the tables and the first administrator now?</source>
        <translation>База данных {name} пуста. Создать таблицы и первого администратора сейчас?</translation>
    </message>
</context>
<context>
    <name>SubscriberCard</name>
    <message>
        <source>S&amp;how</source>
        <translation>По&amp;казать</translation>
    </message>
    <message>
        <source>Showing personal data is recorded in the history</source>
        <translation>Просмотр персональных данных записывается в историю</translation>
    </message>
    <message>
        <source>&amp;Take payment…</source>
        <translation>&amp;Принять платёж…</translation>
    </message>
    <message>
        <source>Contract:</source>
        <translation>Договор:</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>Статус:</translation>
    </message>
    <message>
        <source>Disc&amp;ount…</source>
        <translation>&amp;Скидка…</translation>
    </message>
    <message>
        <source>End discount…</source>
        <translation>Завершить скидку…</translation>
    </message>
    <message>
        <source>Discounts:</source>
        <translation>Скидки:</translation>
    </message>
    <message>
        <source>Promo&amp;tion…</source>
        <translation>Ак&amp;ция…</translation>
    </message>
    <message>
        <source>End promotion…</source>
        <translation>Завершить акцию…</translation>
    </message>
    <message>
        <source>Promotions:</source>
        <translation>Акции:</translation>
    </message>
    <message>
        <source>Telegram…</source>
        <translation>Telegram…</translation>
    </message>
    <message>
        <source>Telegram:</source>
        <translation>Telegram:</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>Адрес:</translation>
    </message>
    <message>
        <source>Phone:</source>
        <translation>Телефон:</translation>
    </message>
    <message>
        <source>Passport:</source>
        <translation>Паспорт:</translation>
    </message>
    <message>
        <source>all events</source>
        <translation>все события</translation>
    </message>
    <message>
        <source>payments</source>
        <translation>платежи</translation>
    </message>
    <message>
        <source>debt and blocking</source>
        <translation>долг и блокировки</translation>
    </message>
    <message>
        <source>contract and services</source>
        <translation>договор и услуги</translation>
    </message>
    <message>
        <source>field work</source>
        <translation>выездные работы</translation>
    </message>
    <message>
        <source>personal data views</source>
        <translation>просмотры персональных данных</translation>
    </message>
    <message>
        <source>Show:</source>
        <translation>Показать:</translation>
    </message>
    <message>
        <source>A new note about the subscriber…</source>
        <translation>Новая заметка об абоненте…</translation>
    </message>
    <message>
        <source>&amp;Add note</source>
        <translation>До&amp;бавить заметку</translation>
    </message>
    <message>
        <source>&amp;Services</source>
        <translation>&amp;Услуги</translation>
    </message>
    <message>
        <source>&amp;Money</source>
        <translation>&amp;Деньги</translation>
    </message>
    <message>
        <source>H&amp;istory</source>
        <translation>&amp;История</translation>
    </message>
    <message>
        <source>&amp;Work orders</source>
        <translation>&amp;Наряды</translation>
    </message>
    <message>
        <source>&amp;Notes</source>
        <translation>&amp;Заметки</translation>
    </message>
    <message>
        <source>chat linked {when}</source>
        <translation>чат привязан {when}</translation>
    </message>
    <message>
        <source>not linked; a code was issued (valid until {until})</source>
        <translation>не привязан; выдан код (действует до {until})</translation>
    </message>
    <message>
        <source>not linked: reminders go by SMS</source>
        <translation>не привязан: напоминания идут по SMS</translation>
    </message>
    <message>
        <source>none</source>
        <translation>нет</translation>
    </message>
    <message>
        <source>{name}, contract {number}</source>
        <translation>{name}, договор {number}</translation>
    </message>
    <message>
        <source>{number} (other contracts: {others})</source>
        <translation>{number} (другие договоры: {others})</translation>
    </message>
    <message>
        <source>never blocked: {reason}</source>
        <translation>не блокировать: {reason}</translation>
    </message>
    <message>
        <source>never blocked until {date}: {reason}</source>
        <translation>не блокировать до {date}: {reason}</translation>
    </message>
    <message>
        <source>Allow blocking…</source>
        <translation>Разрешить блокировку…</translation>
    </message>
    <message>
        <source>Never block…</source>
        <translation>Не блокировать…</translation>
    </message>
    <message>
        <source>no address</source>
        <translation>адрес не указан</translation>
    </message>
    <message>
        <source>no phone</source>
        <translation>телефон не указан</translation>
    </message>
    <message>
        <source>Balance: {amount}</source>
        <translation>Баланс: {amount}</translation>
    </message>
    <message>
        <source>{balance}, debt since {date}</source>
        <translation>{balance}, долг с {date}</translation>
    </message>
    <message>
        <source>not on file</source>
        <translation>не внесён</translation>
    </message>
    <message>
        <source>issued by {by}</source>
        <translation>выдан {by}</translation>
    </message>
    <message>
        <source>born {date}</source>
        <translation>дата рождения {date}</translation>
    </message>
    <message>
        <source>Internet</source>
        <translation>Интернет</translation>
    </message>
    <message>
        <source>cable TV</source>
        <translation>кабельное ТВ</translation>
    </message>
    <message>
        <source>IPTV</source>
        <translation>IPTV</translation>
    </message>
    <message>
        <source>other</source>
        <translation>другое</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>ожидает подключения</translation>
    </message>
    <message>
        <source>active</source>
        <translation>активна</translation>
    </message>
    <message>
        <source>blocked for debt</source>
        <translation>заблокирована за долг</translation>
    </message>
    <message>
        <source>suspended</source>
        <translation>приостановлена</translation>
    </message>
    <message>
        <source>to be disconnected</source>
        <translation>к отключению</translation>
    </message>
    <message>
        <source>disconnected</source>
        <translation>отключена</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>закрыта</translation>
    </message>
    <message>
        <source>payment</source>
        <translation>платёж</translation>
    </message>
    <message>
        <source>charge</source>
        <translation>списание</translation>
    </message>
    <message>
        <source>fee</source>
        <translation>разовый платёж</translation>
    </message>
    <message>
        <source>adjustment</source>
        <translation>корректировка</translation>
    </message>
    <message>
        <source>reversal</source>
        <translation>сторно</translation>
    </message>
    <message>
        <source>disconnect CaTV</source>
        <translation>отключение КТВ</translation>
    </message>
    <message>
        <source>reconnect CaTV</source>
        <translation>подключение КТВ</translation>
    </message>
    <message>
        <source>install</source>
        <translation>монтаж</translation>
    </message>
    <message>
        <source>repair</source>
        <translation>ремонт</translation>
    </message>
    <message>
        <source>new</source>
        <translation>новый</translation>
    </message>
    <message>
        <source>assigned</source>
        <translation>назначен</translation>
    </message>
    <message>
        <source>done</source>
        <translation>выполнен</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>не выполнен</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>отменён</translation>
    </message>
</context>
<context>
    <name>Sync</name>
    <message>
        <source>No account there</source>
        <translation>Там нет учётной записи</translation>
    </message>
    <message>
        <source>Account there, no service here</source>
        <translation>Учётная запись там, услуги здесь нет</translation>
    </message>
    <message>
        <source>Blocked here, active there</source>
        <translation>Здесь заблокирована, там работает</translation>
    </message>
    <message>
        <source>Active here, blocked there</source>
        <translation>Здесь включена, там заблокирована</translation>
    </message>
    <message>
        <source>Blocked in another way</source>
        <translation>Заблокирована иначе</translation>
    </message>
    <message>
        <source>Wrong rate</source>
        <translation>Не та скорость</translation>
    </message>
    <message>
        <source>Wrong packets</source>
        <translation>Не те пакеты</translation>
    </message>
    <message>
        <source>Wrong device limit</source>
        <translation>Не тот лимит устройств</translation>
    </message>
    <message>
        <source>Open session of a blocked subscriber</source>
        <translation>Открытая сессия заблокированного абонента</translation>
    </message>
</context>
<context>
    <name>TariffTableModel</name>
    <message>
        <source>Name</source>
        <translation>Название</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Вид</translation>
    </message>
    <message>
        <source>Charging</source>
        <translation>Начисление</translation>
    </message>
    <message>
        <source>Price now</source>
        <translation>Цена сейчас</translation>
    </message>
    <message>
        <source>Next price</source>
        <translation>Следующая цена</translation>
    </message>
    <message>
        <source>Speed / devices</source>
        <translation>Скорость / устройства</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <source>In use</source>
        <translation>Услуг</translation>
    </message>
    <message>
        <source>{fee} from {date}</source>
        <translation>{fee} с {date}</translation>
    </message>
    <message>
        <source>devices: up to {count}</source>
        <translation>устройств: до {count}</translation>
    </message>
    <message>
        <source>retired</source>
        <translation>выведен из продажи</translation>
    </message>
    <message>
        <source>retires on {date}</source>
        <translation>выводится из продажи с {date}</translation>
    </message>
    <message>
        <source>starts on {date}</source>
        <translation>действует с {date}</translation>
    </message>
    <message>
        <source>active</source>
        <translation>действует</translation>
    </message>
</context>
<context>
    <name>TariffsPage</name>
    <message>
        <source>Internet</source>
        <translation>Интернет</translation>
    </message>
    <message>
        <source>Cable TV</source>
        <translation>Кабельное ТВ</translation>
    </message>
    <message>
        <source>IPTV</source>
        <translation>IPTV</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Прочее</translation>
    </message>
    <message>
        <source>daily, pro rata</source>
        <translation>посуточно</translation>
    </message>
    <message>
        <source>monthly</source>
        <translation>помесячно</translation>
    </message>
    <message>
        <source>{speed} Mbit/s</source>
        <translation>{speed} Мбит/с</translation>
    </message>
    <message>
        <source>Tariffs</source>
        <translation>Тарифы</translation>
    </message>
    <message>
        <source>Price history</source>
        <translation>История цен</translation>
    </message>
    <message>
        <source>&amp;New…</source>
        <translation>&amp;Новый…</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Изменить…</translation>
    </message>
    <message>
        <source>New &amp;price…</source>
        <translation>Новая &amp;цена…</translation>
    </message>
    <message>
        <source>&amp;Retire…</source>
        <translation>&amp;Вывести из продажи…</translation>
    </message>
    <message>
        <source>Price history of {name}</source>
        <translation>История цен тарифа {name}</translation>
    </message>
    <message>
        <source>for example 1200,50</source>
        <translation>например 1200,50</translation>
    </message>
    <message>
        <source>Monthly fee, ₽:</source>
        <translation>Абонентская плата, ₽:</translation>
    </message>
    <message>
        <source>for example 300</source>
        <translation>например 300</translation>
    </message>
    <message>
        <source>empty: as the download</source>
        <translation>пусто — как входящая</translation>
    </message>
    <message>
        <source>the platform&apos;s ids, e.g. 101, 205</source>
        <translation>номера платформы, например 101, 205</translation>
    </message>
    <message>
        <source>Services use this tariff: create a new tariff to change this.</source>
        <translation>На тарифе есть услуги: чтобы изменить это, создайте новый тариф.</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Название:</translation>
    </message>
    <message>
        <source>Service kind:</source>
        <translation>Вид услуги:</translation>
    </message>
    <message>
        <source>Charging:</source>
        <translation>Начисление:</translation>
    </message>
    <message>
        <source>Speed, Mbit/s:</source>
        <translation>Скорость, Мбит/с:</translation>
    </message>
    <message>
        <source>Upload, Mbit/s:</source>
        <translation>Исходящая, Мбит/с:</translation>
    </message>
    <message>
        <source>Devices at most:</source>
        <translation>Устройств не больше:</translation>
    </message>
    <message>
        <source>TV platform packets:</source>
        <translation>Пакеты ТВ-платформы:</translation>
    </message>
    <message>
        <source>New tariff</source>
        <translation>Новый тариф</translation>
    </message>
    <message>
        <source>Valid from:</source>
        <translation>Действует с:</translation>
    </message>
    <message>
        <source>Tariff {name}</source>
        <translation>Тариф {name}</translation>
    </message>
    <message>
        <source>New price for {name}</source>
        <translation>Новая цена тарифа {name}</translation>
    </message>
    <message>
        <source>Price now:</source>
        <translation>Цена сейчас:</translation>
    </message>
    <message>
        <source>The new price applies from the chosen date on; charges already made keep their price. A price already scheduled for that date is replaced.</source>
        <translation>Новая цена действует с выбранной даты; уже сделанные начисления сохраняют свою цену. Цена, уже запланированная на эту дату, будет заменена.</translation>
    </message>
    <message>
        <source>Effective from:</source>
        <translation>Действует с:</translation>
    </message>
    <message>
        <source>Retire tariff {name}</source>
        <translation>Вывести из продажи тариф {name}</translation>
    </message>
    <message>
        <source>From this date the tariff can no longer be chosen for new services. Services on it now: {count}; they keep it and are charged as before. Tariffs are never deleted.</source>
        <translation>С этой даты тариф нельзя выбрать для новых услуг. Услуг на нём сейчас: {count}; они остаются на нём, и начисления по ним идут как прежде. Тарифы никогда не удаляются.</translation>
    </message>
    <message>
        <source>Retire from:</source>
        <translation>Вывести из продажи с:</translation>
    </message>
</context>
<context>
    <name>TelegramDialog</name>
    <message>
        <source>Telegram</source>
        <translation>Telegram</translation>
    </message>
    <message>
        <source>&amp;New code</source>
        <translation>Новый &amp;код</translation>
    </message>
    <message>
        <source>&amp;Unlink the chat</source>
        <translation>&amp;Отвязать чат</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Закрыть</translation>
    </message>
    <message>
        <source>Reminders go to the subscriber&apos;s Telegram chat, linked {when}.</source>
        <translation>Напоминания приходят в Telegram абонента, чат привязан {when}.</translation>
    </message>
    <message>
        <source>No Telegram chat is linked: reminders go by SMS.</source>
        <translation>Telegram-чат не привязан: напоминания идут по SMS.</translation>
    </message>
    <message>
        <source>Telegram is turned off in Administration → Reminders.</source>
        <translation>Telegram выключен в разделе Администрирование → Напоминания.</translation>
    </message>
    <message>
        <source>A chat is linked already. The chat that sends the new code will replace it. Go on?</source>
        <translation>Чат уже привязан. Его заменит чат, из которого пришлют новый код. Продолжить?</translation>
    </message>
    <message>
        <source>Give the subscriber this code. They open {link} in Telegram (or find @{bot} and send the code to it). The code works once, until {until}; a new code makes this one void.</source>
        <translation>Сообщите абоненту этот код. Абонент открывает в Telegram ссылку {link} (или находит @{bot} и отправляет ему код). Код действует один раз, до {until}; новый код отменяет этот.</translation>
    </message>
    <message>
        <source>Give the subscriber this code to send to the company&apos;s Telegram bot. It works once, until {until}; a new code makes this one void.</source>
        <translation>Сообщите абоненту этот код: его нужно отправить Telegram-боту компании. Код действует один раз, до {until}; новый код отменяет этот.</translation>
    </message>
    <message>
        <source>Unlink the Telegram chat? Reminders will go by SMS again.</source>
        <translation>Отвязать чат Telegram? Напоминания снова будут приходить по SMS.</translation>
    </message>
</context>
<context>
    <name>Waiting</name>
    <message>
        <source>Waiting for the database… {seconds} s</source>
        <translation>Ждём ответа базы данных… {seconds} с</translation>
    </message>
</context>
<context>
    <name>WaitingModel</name>
    <message>
        <source>Changed</source>
        <translation>Изменено</translation>
    </message>
    <message>
        <source>Contract</source>
        <translation>Договор</translation>
    </message>
    <message>
        <source>Login</source>
        <translation>Логин</translation>
    </message>
    <message>
        <source>Side</source>
        <translation>Сторона</translation>
    </message>
    <message>
        <source>Should be</source>
        <translation>Должно быть</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Попыток</translation>
    </message>
    <message>
        <source>Next attempt</source>
        <translation>Следующая попытка</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Последняя ошибка</translation>
    </message>
    <message>
        <source>now</source>
        <translation>сейчас</translation>
    </message>
</context>
<context>
    <name>WorkOrdersModel</name>
    <message>
        <source>No.</source>
        <translation>№</translation>
    </message>
    <message>
        <source>Work</source>
        <translation>Работа</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Срок</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>День</translation>
    </message>
    <message>
        <source>Installer</source>
        <translation>Монтажник</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Примечания</translation>
    </message>
</context>
</TS>
