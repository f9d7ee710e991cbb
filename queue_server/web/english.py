"""The web pages' fixed UI strings in English, keyed by their Chinese text: the one table.

Chinese is written in the templates and scripts; their English lives here, and only here.
One Chinese string has one English meaning across the web pages (display/ keeps its own
table). Catalog text (services, posts, reasons) is never translated. `i18n.translate` reads it.
"""

ENGLISH: dict[str, str] = {
    # the language switch, the home page's screens, errors
    "中文": "中文", "English": "English", "屏幕": "Screens", "取号机": "Kiosk",
    "大厅显示屏": "Lobby board", "窗口": "Window", "服务器内部错误": "Internal error",
    # staff login (auth.py)
    "员工登录": "Staff login", "账号": "User name", "密码": "Password", "登录": "Log in",
    "退出登录": "Log out", "用户名或密码错误": "Wrong user name or password",
    "账号已停用，请联系大厅管理员": "This account is disabled; ask the hall admin",
    "登录尝试过多，请一分钟后再试": "Too many login attempts; try again in a minute",
    "页面已过期，请刷新后重试": "The page has expired; reload it and try again",
    "请先登录": "Please log in first", "已退出登录": "You have logged out",
    "窗口工作人员与大厅管理员使用": "For window clerks and hall admins",
    "返回首页": "Back to the home page",
    # service status and ticket states (status_text.py)
    "周一": "Mon", "周二": "Tue", "周三": "Wed", "周四": "Thu", "周五": "Fri", "周六": "Sat",
    "周日": "Sun", "今天 {hhmm}": "today {hhmm}", "明天 {hhmm}": "tomorrow {hhmm}",
    "{month}月{day}日（{weekday}）{hhmm}": "{weekday} {day} {month_en} {hhmm}",
    "现在可以办理": "Open now",
    "今天 {closes} 停止办理，{cutoff} 后停止取号":
        "Service ends at {closes}; last ticket at {cutoff}",
    "前面有 {n} 人等候，预计等候约 {m} 分钟": "{n} waiting ahead, about {m} min",
    "现在无人等候，取号后请留意叫号": "Nobody is waiting; you will be called soon",
    "窗口还未开始叫号，取号后窗口开放时第一个叫您":
        "The window has not started calling yet; take a ticket to be called first when it opens",
    "今日取号已截止": "Tickets closed for today", "暂无法估计": "Cannot estimate yet",
    "约 {m} 分钟": "about {m} min",
    "窗口开放后第一个叫您": "You are called first when the window opens",
    "窗口 {opens} 开放后第一个叫您": "You are called first when the window opens at {opens}",
    "窗口 {opens} 开放，预计 {by} 前后": "The window opens at {opens}; your turn around {by}",
    "今天没有窗口办理，暂无法估计等候时间":
        "No window serves today, so the wait cannot be estimated",
    "预计等候约 {m} 分钟，本窗口 {closes} 停止办理，今天可能轮不到您":
        "The wait is about {m} min but the window closes at {closes}; you may not be served "
        "today",
    "今天已停止取号": "No more tickets today",
    "本窗口 {closes} 停止办理，{cutoff} 起不再取号":
        "The window closes at {closes}; no tickets after {cutoff}",
    "现在不办理": "Closed now", "下次开放：{when}": "Next opening: {when}",
    "暂停原因：{reason}": "Reason: {reason}", "服务时间以通知为准": "Hours announced by notice",
    "现在没有开放的场次": "No session is open right now",
    "无需取号：{where} 可以办理": "No ticket needed: {where} can do this",
    "线上即可办理": "the online service",
    "也可以取号到窗口办理": "You may still take a ticket for the window", "、": ", ",
    "等候中": "Waiting", "请到 {window} 号窗口": "Please go to window {window}",
    "正在办理": "Being served", "已办结": "Done", "已过号": "Missed", "已取消": "Cancelled",
    "已失效": "Expired", "前面还有 {n} 人，预计约 {m} 分钟": "{n} ahead of you, about {m} min",
    "下一位就是您，请到 {windows} 附近等候": "You are next; please wait near {windows}",
    "快到您了：前面只剩 {n} 人，请回到大厅": "Almost your turn: only {n} ahead; please come back",
    "再次呼叫（第 {n} 次）": "Called again ({n})",
    "工作人员正在为您办理": "A clerk is serving you",
    "本号已办结，感谢您的耐心": "This ticket is done. Thank you for your patience",
    "叫号时您不在窗口，本号已过号。如需办理，请到窗口说明或重新取号":
        "You were called but not at the window. Please speak to the window or take a new "
        "ticket",
    "本号已取消": "This ticket was cancelled",
    "本号已过期，请重新取号": "This ticket has expired; please take a new one",
    # the clerk's window page (window.py)
    "{n}号窗口": "Window {n}", "服务中": "Serving", "暂停中": "Paused", "未开窗": "Not opened",
    "不在服务时间": "Outside opening hours", "连接中…": "Connecting…", "已连接": "Live",
    "连接中断，正在重连…": "Connection lost, reconnecting…",
    "登录已失效，请重新登录": "Your login has ended; please log in again",
    "当前号": "Current ticket", "没有正在办理的号": "No ticket at this window", "已呼叫": "Called",
    "已重呼 {k} 次": "Recalled {k}×", "叫下一位": "Call next",
    "办结并叫下一位": "Finish & call next", "重呼": "Recall", "开始办理": "Start",
    "办结": "Finish", "过号": "No-show", "转移": "Transfer", "暂停叫号": "Pause", "恢复": "Resume",
    "开窗": "Open window", "关窗": "Close window", "叫这个号": "Call this one",
    "回队": "Back in line", "取消": "Cancel", "确定": "OK", "办理须知": "About this service",
    "申请材料": "What to bring", "办理流程": "Steps", "受理部门": "Accepting office",
    "收费标准": "Fees", "备注": "Notes", "等候队列": "Waiting", "{k} 人等候": "{k} waiting",
    "转入": "Transferred", "无人等候": "No one is waiting", "今日过号": "Today's no-shows",
    "没有过号的号": "No no-shows", "今日统计": "Today at this window", "已叫号": "Called",
    "已转出": "Transferred", "快捷键": "Keyboard shortcuts", "取号": "Issued",
    "服务时间": "Opening hours", "转移到其他事项": "Transfer to another service",
    "输入事项名称、拼音或关键字": "Type a service name, pinyin or keyword",
    "没有找到事项": "No service found", "转移给": "Transfer to",
    "暂停原因": "Reason for the pause", "午休": "Lunch break", "临时离开": "Stepped away",
    "系统故障": "System fault", "其他事务": "Other duties", "暂停原因：": "Paused: ",
    "退后几位": "Places down the line", "确定关窗吗？": "Close this window?",
    "队列中没有等候的号": "No one is waiting",
    "窗口还没有开窗，请先开窗": "The window is not open yet: open it first",
    "窗口已经开着": "The window is already open",
    "窗口已暂停，请先恢复": "The window is paused: resume it first",
    "窗口没有暂停": "The window is not paused",
    "还有号没有办完：请先办结、过号或转移":
        "A ticket is still at the window: finish, no-show or transfer it first",
    "这个号现在不能这样操作": "That cannot be done to this ticket now",
    "这个号不属于本窗口": "That ticket does not belong to this window",
    "没有这个事项": "No such service", "没有这个号": "No such ticket",
    "您没有这个窗口的权限": "You may not act at this window", "输入有误": "Bad input",
    "网络连接失败，请稍后重试": "Network error; try again", "操作失败": "The action failed",
    "登录账号": "Signed in as", "没有权限": "Not allowed",
    "您的账号不能使用这个窗口": "Your account may not use window",
    "您可以使用的窗口": "Your windows",
    # the admin page (admin.py)
    "大厅管理": "Hall admin", "临时关闭与加开": "Closures and extra sessions", "公告": "Notice",
    "节假日与调休": "Holidays and make-up workdays", "全大厅": "Whole hall", "关闭": "Closure",
    "加开": "Extra session", "开始": "Start", "结束": "End", "原因": "Reason", "添加": "Add",
    "撤销": "Cancel", "保存公告": "Save notice", "日期": "Date", "类型": "Type", "名称": "Name",
    "节假日": "Holiday", "调休上班": "Make-up workday", "恢复正常": "Back to normal",
    "保存": "Save", "当前与将来的安排": "Current and coming overrides", "暂无": "None",
    "只有大厅管理员可以使用这个页面": "Only a hall admin may use this page",
    # the supervisor's live view (live.py)
    "实时看板": "Live view", "大厅时间": "Hall time", "警报": "Alerts", "各岗位排队": "Queues",
    "岗位": "Post", "等候": "Waiting", "最长等候": "Longest wait", "服务中窗口": "Windows serving",
    "最近叫号": "Last calls", "时间": "Time", "号码": "Number", "工作人员": "Staff",
    "最长等候 {m} 分钟": "longest {m} min", "自 {hhmm}": "since {hhmm}",
    "正在办理 {number}": "serving {number}", "空闲": "idle", "关闭：{reason}": "Closed: {reason}",
    "打印机正常": "Printer OK", "打印机离线": "Printer offline", "打印机缺纸": "Printer out of paper",
    "打印机状态未知": "Printer state unknown", "待打印 {n} 张": "{n} to print",
    "打印机纸将用尽": "Printer paper nearly out",
    "打印机离线，取号机暂时无法出票": "Printer offline: the kiosks cannot print tickets",
    "打印机缺纸，取号机暂时无法出票，请换纸":
        "Printer out of paper: the kiosks cannot print tickets; please load paper",
    "打印机没有应答，小票可能没有打出":
        "The printer is not answering: tickets may not have printed",
    "打印机纸将用尽，请准备换纸": "Printer paper nearly out: please have a roll ready",
    "未打印的号": "Tickets not printed", "{hhmm} 取号": "issued {hhmm}",
    "没有未打印的号": "Every ticket printed",
    "{post} 有人等候 {m} 分钟（超过 {limit} 分钟）":
        "{post}: someone has waited {m} min (over {limit} min)",
    "{n}号窗口暂停 {m} 分钟（超过 {limit} 分钟）":
        "Window {n} paused for {m} min (over {limit} min)",
    "{post} 有 {k} 人等候，没有窗口在服务": "{post}: {k} waiting and no window serving",
    "打印机故障：{error}": "Printer failing: {error}", "没有警报": "No alerts",
    "{hhmm} 起将有新警报": "Next alert due at {hhmm}", "还没有叫号": "No calls yet",
    "只有大厅管理员和值班主管可以使用这个页面":
        "Only a hall admin or a supervisor may use this page",
    # the kiosk (kiosk.py)
    "一站式服务大厅": "One-Stop Service Hall", "自助取号": "Self-service tickets",
    "搜索办理事项": "Search services",
    "事项名称 / 拼音 / 首字母，如 xszbb": "Name, pinyin or initials, e.g. xszbb", "搜索": "Search",
    "清空": "Clear", "拼音键盘": "Letter keyboard", "收起键盘": "Hide keyboard", "退格": "Delete",
    "服务关键词": "Popular topics", "部门与窗口": "Departments & windows", "号窗口": "window",
    "今天已结束": "Closed for today", "以通知为准": "By notice", "{when} 开放": "Opens {when}",
    "开放至 {hhmm}": "Open until {hhmm}", "首页": "Home", "返回": "Back", "办理事项": "Services",
    "项": "services", "没有找到相关事项，换个关键词试试": "Nothing found. Try another word",
    "自助机": "Self-service machines", "位置": "Location", "正在搜索…": "Searching…",
    "找到 {n} 项": "{n} found", "电话": "Phone", "办理流程（现场）": "Steps at the window",
    "线上办理": "Online", "地址": "Address", "相关链接（扫码查看）": "Links (scan)",
    "其他信息": "More information", "服务介绍": "About",
    "办事指南未列出材料": "The guide lists no materials", "窗口办理": "At the window",
    "我要取号": "Take a ticket", "正在取号…": "Issuing…", "暂不能取号": "No tickets now",
    "信息待完善": "Being completed", "状态": "Status", "扫码下载": "Scan to download",
    "您的号码": "Your number", "请到": "Go to", "前面等候": "Waiting ahead", "人": "people",
    "预计等候": "Estimated wait", "分钟": "min",
    "扫码用手机查看进度": "Scan to follow on your phone", "正在打印…": "Printing…",
    "请取走小票": "Please take your ticket",
    "打印机故障，请拍下屏幕上的号码或扫码":
        "Printer problem: photograph the number or scan the code",
    "请记下号码，或扫码在手机上查看": "Note your number, or scan to follow on your phone",
    "完成": "Done", "{n} 秒后返回首页": "Back to home in {n} s",
    "即将返回首页": "Returning to home", "继续浏览": "Keep browsing",
    "取号失败": "Could not issue a ticket",
    "网络不通，请稍后再试或联系工作人员": "Network problem. Please try again or ask the staff",
    "知道了": "OK",
    "打印机暂时无法出票，取号后请记下屏幕上的号码或扫码用手机查看":
        "The printer is not working: after taking a ticket, note the number on screen "
        "or scan the code",
    # the phone page (phone.py)
    "我的排队": "My place in line", "办理窗口": "Window", "前面还有": "Ahead of you",
    "开启提醒音": "Turn on sound alerts", "提醒音已开启": "Sound alerts on",
    "叫到您时，手机会响铃并振动（请保持本页打开）":
        "When you are called, this phone rings and vibrates (keep this page open)",
    "取消排队": "Cancel my ticket", "确定取消 {number} 号吗？": "Cancel ticket {number}?",
    "取消后号码作废，如需办理需重新取号。":
        "The number is void after cancelling; take a new ticket if you still need the "
        "service.",
    "保留号码": "Keep it", "确认取消": "Yes, cancel", "取消失败，请稍后再试": "Could not cancel",
    "实时更新中": "Live",
    "本页只显示您自己的号码，请勿转发链接":
        "This page shows only your own ticket; do not share the link",
    "取号时间": "Issued at", "找不到这张号": "Ticket not found",
    "链接可能不完整，或号码已过期。请重新扫描小票上的二维码，或到取号机重新取号。":
        "The link may be incomplete or the ticket has expired. Scan the code on your ticket "
        "again, or take a new ticket at the kiosk.",
    # 好差评: the phone page's rating, the window's rating pad, the admin's follow-up list
    "非常满意": "Very satisfied", "满意": "Satisfied", "基本满意": "Fair",
    "不满意": "Dissatisfied", "非常不满意": "Very dissatisfied",
    "等候时间长": "Long wait", "态度不好": "Unfriendly", "业务不熟": "Not competent",
    "材料要求不清楚": "Unclear about documents", "办理流程繁琐": "Too much red tape",
    "其他": "Other",
    "请对本次服务进行评价": "Please rate our service",
    "请选择不满意的原因（可多选）": "What went wrong? (choose any)",
    "补充说明（选填）": "Anything to add? (optional)", "提交评价": "Send rating",
    "感谢您的评价！": "Thank you for your rating!",
    "您已在窗口评价器上评价过本次服务": "You rated this service on the window's rating pad",
    "您已评价过本次服务": "You have rated this service",
    "您的评价：{label}": "Your rating: {label}",
    "评价失败，请稍后再试": "Could not send the rating; try again later",
    "评价失败，请再试一次": "Could not send the rating; please tap again",
    "评价器": "Rating pad", "大厅没有这个窗口": "The hall has no such window",
    "办结后可在此评价": "Rate your visit here when it is done",
    "本次服务已办结": "Your visit is done",
    "您的意见将帮助我们改进服务": "Your opinion helps us do better",
    "差评回访": "Bad-rating follow-up",
    "不满意和非常不满意的评价，最新的在前": "Dissatisfied and very dissatisfied ratings, newest first",
    "事项": "Service", "评价": "Rating",
    "补充说明": "Comment", "评价时间": "Rated at", "回访记录": "Follow-up",
    "暂无差评": "No bad ratings", "记录回访": "Record follow-up",
    "回访说明（必填）": "What was done (required)", "{by} 于 {at} 回访": "Followed up by {by} at {at}",
    "保存失败": "Could not save", "手机": "Phone", "未回访": "Not followed up", "无": "None",
    # the reports page (reports.py)
    "报表": "Reports", "大厅报表": "Hall reports", "时间段": "Period", "按日": "Day",
    "按周": "Week", "按月": "Month", "自定义区间": "Range", "从": "From", "到": "To",
    "分组": "Group by", "查询": "Show", "下载 CSV": "Download CSV",
    "下载 Excel": "Download Excel", "按事项": "Service", "按岗位": "Post",
    "按窗口": "Window", "按工作人员": "Clerk", "按时段": "Hour of day", "按星期": "Weekday",
    "转入（次）": "Transferred in", "转出（次）": "Transferred out",
    "等候中位数（分钟）": "Median wait (min)", "等候90%分位（分钟）": "90th pct wait (min)",
    "最长等候（分钟）": "Longest wait (min)", "办理中位数（分钟）": "Median service (min)",
    "办理90%分位（分钟）": "90th pct service (min)", "15分钟内叫号": "Called within 15 min",
    "30分钟内叫号": "Called within 30 min", "最忙时段": "Busiest hour",
    "拒绝取号·不在服务时间": "Refused: closed", "拒绝取号·以通知为准": "Refused: by notice",
    "拒绝取号·已停止取号": "Refused: past cutoff", "评价数": "Ratings",
    "平均评分": "Mean rating", "满意率": "Satisfied (4-5)", "已回访": "Followed up",
    "合计": "Total", "未叫号": "Not called", "加载中…": "Loading…", "没有数据": "No data",
    "人数": "Tickets", "期间共 {days} 天，其中办公日 {open} 天":
        "{days} days in the period, {open} of them open",
    "期间的节假日：": "Holidays in the period: ", "查询失败：": "Could not load: ",
    "票数与结果": "Tickets and outcomes", "等候与办理时间": "Waiting and service times",
    "明细表": "The figures", "只有大厅管理员和值班主管可以查看报表":
        "Only a hall admin or a supervisor may see the reports",
    # dated changes and provisional holidays (admin_periods.html, kiosk.py)
    "分时段安排": "Dated changes",
    "目录文件中的服务时间为基础；这里的安排在其日期内生效：按时段的服务时间、暂停某项服务、服务迁至其他岗位。":
        "The catalog's hours are the base; these changes hold on their dates: hours for a "
        "period, a suspended service, a service moved to another post.",
    "按时段服务时间": "Hours for a period", "暂停服务": "Suspend a service",
    "服务迁移": "Move a service", "岗位或窗口": "Post or window", "仅": "Only",
    "服务": "Service", "迁至岗位": "Move to post", "开始日期": "First day",
    "结束日期": "Last day", "名称或原因": "Name or reason",
    "取消修改": "Cancel the edit", "修改": "Edit", "删除": "Remove", "保存修改": "Save",
    "起": "onwards", "确定删除这项安排？": "Remove this change?",
    "法定节假日（按年）": "Statutory holidays by year", "暂定": "provisional",
    "已确认": "confirmed", "官方数据": "official data",
    "按国务院通知确认": "Confirm from the State Council's notice",
    "每行一天：日期 节假日|调休上班 名称": "One day a line: date holiday|workday name",
    "第 {n} 行读不懂": "Line {n} cannot be read",
    "暂停办理": "Suspended", "暂停至 {day}": "Suspended until {day}",
    "今天是{name}（节假日安排暂定，以国务院办公厅通知为准）":
        "Today is {name} (a provisional holiday, until the State Council's notice)",
    "今天是{name}，放假": "Today is {name}: the hall is closed",
    # registered kiosks (kiosk_devices.py, kiosk_device.js, the kiosk's pairing screen)
    "取号太频繁，请 {seconds} 秒后再试":
        "Too many tickets from this kiosk; please try again in {seconds} s",
    "请到大厅的自助取号机取号": "Please take a ticket at a kiosk in the hall",
    "手机取号太频繁，请稍后再试，或到大厅的自助取号机取号":
        "Too many tickets from this phone; try again later, or take one at a kiosk in the hall",
    "请先刷校园卡或身份证": "Please swipe your campus card or ID card first",
    "配对尝试过多，请一分钟后再试": "Too many pairing attempts; try again in a minute",
    "登记这台取号机": "Register this kiosk",
    "请输入大厅管理员给出的配对码（或 run.py kiosk add 打印的凭证），或用扫码枪扫描管理页上的二维码":
        "Enter the pairing code the hall admin gives you (or the credential run.py kiosk add "
        "printed), or scan the QR code on the admin page",
    "配对码": "Pairing code", "配对": "Pair", "正在配对…": "Pairing…",
    "这台取号机需要登记后才能取号": "This kiosk must be registered before it issues tickets",
    "请刷校园卡或身份证": "Please swipe your campus card or ID card",
    "读卡器会自动填入卡号，也可以手动输入":
        "The card reader fills in the number; you may also type it",
    "卡号": "Card number",
    "卡号无法识别，请重新刷卡": "The card number cannot be read; please swipe the card again",
    "这张卡在本岗位已有未办完的号，请等叫号后再取":
        "This card already holds a ticket at this desk; please wait until it is called",
    # the admin's kiosks (admin.html, admin_kiosks.js)
    "取号机登记": "Kiosks", "取号机名称": "Kiosk name", "生成配对码": "Make a pairing code",
    "在取号机上输入配对码或扫描二维码，{time} 前有效，只能用一次":
        "Type the code on the kiosk or scan the QR code; valid until {time}, once",
    "最近在线": "Last seen", "今日出票": "Tickets today",
    "在用": "Active", "确定停用取号机 {name}？": "Revoke kiosk {name}?",
    "本大厅开放取号：不登记的设备也能取号": "Open issuing: unregistered devices may take tickets",
    # running the hall from the web: rules, staff (admin_hall.html), reprint (补打)
    "大厅规则": "Hall rules",
    "修改后立即在所有服务器生效，并记入审计日志。":
        "Changes apply at once on every server and are written to the audit log.",
    "截止取号（闭厅前分钟）": "Last ticket (minutes before closing)",
    "过号重排后移位数": "No-show put back (places)",
    "每张号可重排次数": "Put-backs per ticket",
    "调休上班日按周几作息": "Make-up workdays follow",
    "叫号读法": "Board reads numbers", "显示预计等候": "Show the estimated wait",
    "纸宽 mm": "Paper width (mm)", "逐位读（A零一二）": "Digit by digit (A-0-1-2)",
    "按数读（A十二）": "As a number (A-twelve)", "更多规则": "More rules",
    "保存规则": "Save rules", "角色": "Role", "窗口人员": "Clerk",
    "值班主管": "Supervisor", "大厅管理员": "Hall admin", "窗口（可多选）": "Windows (several)",
    "添加账号": "Add account", "上次登录": "Last login", "启用": "Enable",
    "停用": "Disable", "已停用": "Disabled", "正常": "Active", "重置密码": "Reset password",
    "改窗口": "Change windows", "从未登录": "Never", "已保存": "Saved",
    "新密码（只显示这一次）：": "New password (shown this once): ",
    "窗口号，用逗号分隔": "Window numbers, separated by commas",
    "确定要重置 {name} 的密码吗？": "Reset the password of {name}?",
    "按大厅规则": "Hall rule", "按周一": "as Monday", "按周二": "as Tuesday",
    "按周三": "as Wednesday", "按周四": "as Thursday", "按周五": "as Friday",
    "按周六": "as Saturday", "按周日": "as Sunday",
    "请留意叫号": "Watch for your call",
    "前面还有 {n} 人，请留意叫号": "{n} ahead of you; watch for your call", "补打": "Reprint", "已送打印机补打（号码不变）": "Sent to the printer again (same number)",
    "扫码补打": "Reprint by QR code",
    "请在手机排队页面打开“扫码补打”二维码，对准扫码口":
        "Open the QR code on your phone's ticket page and hold it to the scanner",
    "正在补打：{number}，请到 {windows} 等候叫号":
        "Reprinting {number}; please wait for {windows}",
    "补打失败：": "Could not reprint: ",
    "号码纸丢了？在自助机上扫码补打": "Lost your ticket? Reprint it at a kiosk",
    "本号二维码": "This ticket's QR code",
    "在大厅自助机首页点“扫码补打”，把此码对准扫码口，即可重新打印本号（号码不变）":
        "At a kiosk, tap “Reprint by QR code” and hold this code to the scanner: the same "
        "number is printed again",
}
