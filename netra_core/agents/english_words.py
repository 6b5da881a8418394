"""Frequent English words (four letters or more, wordfreq 3.1.1 Zipf frequency >= 4.0), derived by
scripts/derive_english_words.py: a name part that is one of these does not name a value on its own.
"""

from __future__ import annotations

_WORDS = """
aaron abandon abandoned abilities ability able aboard abortion about above abroad absence absolute absolutely
abstract abuse abused academic academy accent accept acceptable acceptance accepted accepting access accessible
accident accidentally accidents accommodate accommodation accompanied accomplish accomplished accordance according
accordingly account accounting accounts accuracy accurate accused achieve achieved achievement achievements
achieving acid acknowledge acknowledged acquire acquired acquisition acres across acted acting action actions
activated active actively activist activists activities activity actor actors actress acts actual actually acute
adam adams adaptation adapted added addiction adding addition additional additionally address addressed addresses
addressing adds adequate adjacent adjust adjusted administration administrative administrator admiral admission
admit admitted adopt adopted adoption adorable adult adults advance advanced advances advantage advantages adventure
adventures advertising advice advise advised advisor advisory advocate aesthetic affair affairs affect affected
affecting affects afford affordable afghanistan afraid africa african after afternoon afterwards again against aged
agencies agency agenda agent agents ages aggressive aging agree agreed agreement agreements agrees agricultural
agriculture ahead aids aimed aims aircraft airline airlines airport alabama alan alarm alaska albert album albums
alcohol alert alex alexander algorithm alice alien aliens alike alive allegations alleged allegedly allen alliance
allied allies allow allowed allowing allows ally almost alone along alongside alpha already alright also alter
altered alternate alternative alternatives although altogether aluminum always amanda amateur amazing amazon
ambassador ambulance amendment america american americans among amongst amount amounts amsterdam analysis analyst
anchor ancient anderson andrew android andy angel angela angeles angels anger angle angry animal animals animated
animation anime anna anne anniversary announce announced announcement annoying annual annually anonymous another
answer answered answering answers anthony anti anticipated antonio anxiety anxious anybody anymore anyone anything
anytime anyway anyways anywhere apart apartment apartments apologize apology apparent apparently appeal appeals
appear appearance appearances appeared appearing appears apple applicable application applications applied applies
apply applying appointed appointment appreciate appreciated appreciation approach approached approaches approaching
appropriate approval approve approved approximately apps april arab arabia arabic arch architect architecture
archives arctic area areas arena argentina argue argued argues arguing argument arguments arizona arkansas armed
arms army arnold around arrange arranged arrangement arrangements array arrest arrested arrival arrive arrived
arrives arriving arrow arsenal arthur article articles artificial artist artistic artists arts artwork ashamed
ashley asia asian aside asked asking asks asleep aspect aspects assault assembly assess assessment asset assets
asshole assigned assignment assist assistance assistant assisted assists associate associated associates association
associations assume assumed assuming assumption assure assured athlete athletes athletic atlanta atlantic atmosphere
attached attack attacked attacking attacks attempt attempted attempting attempts attend attendance attended
attending attention attitude attitudes attorney attorneys attract attracted attraction attractive attributed auction
audience audiences audio audit august aunt austin australia australian austria authentic author authorities
authority authorized authors auto automatic automatically autumn availability available avenue average aviation
avoid avoided avoiding awake award awarded awards aware awareness away awesome awful awkward axis babe babies baby
back backed background backing backs backup backwards bacon bacteria badge badly bags bail bailey baker balance
balanced ball ballot balls baltimore banana band bands bang bank banking bankruptcy banks banned banner barbara
barcelona bare barely barrel barrier barriers barry bars base baseball based basement bases basic basically basin
basis basket basketball bass bath bathroom batman batteries battery battle battles beach beam beans bear beard
bearing bears beast beat beaten beating beats beautiful beauty became because become becomes becoming bedroom beds
beef been beer before began begin beginning begins begun behalf behave behavior behaviour behind beijing being
beings belgium belief beliefs believe believed believes believing bell belly belong belonged belonging belongs
beloved below belt bench bend beneath beneficial benefit benefits benjamin bennett berlin bernard beside besides
best beta better betting between beyond bias bible bigger biggest bike bill billion bills billy binding biological
biology bird birds birmingham birth birthday bishop bitch bitcoin bite bits bitter bizarre black blacks blade blair
blake blame blank blanket blast bleeding bless blessed blessing blew blind block blocked blocking blocks blog blonde
blood bloody blow blowing blown blows blue blues board boards boat boats bobby bodies body bold bolt bomb bombing
bombs bond bonds bone bones bonus book booked books boom boost boot booth boots border borders bored boring born
borrow boss boston both bother bottle bottles bottom bought bounce bound boundaries boundary bout bowl bowling boxes
boxing boyfriend boys brad bradley brain brains branch branches brand brandon brands brass brave brazil brazilian
breach bread break breakdown breakfast breaking breaks breast breath breathe breathing breed breeding brian brick
bride bridge bridges brief briefly bright brilliant bring bringing brings bristol britain british broad broadcast
broadcasting broader broadway broke broken bronze brooklyn brooks bros brother brothers brought brown bruce brush
brutal bubble buck bucket bucks buddy budget buffalo bugs build building buildings built bulk bull bullet bullets
bullshit bunch burden bureau burger buried burn burned burning burns burnt burst buses bush business businesses bust
busy butler butt butter button buyer buyers buying buzz cabin cabinet cable cafe cage cake calculated calendar
california call called calling calls calm calories cambridge came camera cameras cameron camp campaign campaigns
campbell camping camps campus canada canadian canal cancel cancelled cancer candidate candidates candy cannabis
cannon cannot canon cant capabilities capability capable capacity cape capital capitol caps captain capture captured
carbon card cards care cared career careers careful carefully cares cargo caribbean caring carl carlos carol
carolina caroline carpet carried carrier carriers carries carry carrying cars carter cartoon case cases cash casino
cast casting castle casual catch catching categories category catherine catholic cats cattle caught cause caused
causes causing cave cease ceiling celebrate celebrated celebrating celebration celebrities celebrity cell cells
celtic cemetery census cent center centers central centre centres cents centuries century ceremony certain certainly
certificate certified chain chains chair chairman chairs challenge challenged challenges challenging chamber
chambers champion champions championship championships chan chance chancellor chances change changed changes
changing channel channels chaos chapel chapter chapters character characteristics characterized characters charge
charged charges charging charity charles charlie charlotte charm charming chart charter charts chase chasing chat
cheap cheaper cheat cheating check checked checking checks cheer cheers cheese chef chelsea chemical chemicals
chemistry cherry chest chicago chick chicken chief chiefs child childhood children chile chill chin china chinese
chip chips chocolate choice choices choose choosing chose chosen chris christ christian christianity christians
christmas christopher chronic chuck church churches cigarette cigarettes cinema circle circles circuit circumstances
cited cities citizen citizens citizenship city civic civil civilian civilians civilization claim claimed claiming
claims clark clarke class classes classic classical classification classified classroom clay clean cleaned cleaning
clear cleared clearing clearly clerk cleveland clever click client clients cliff climate climb climbing clinic
clinical clinton clip clips clock close closed closely closer closest closet closing closure cloth clothes clothing
cloud clouds club clubs clue coach coaches coaching coal coalition coast coastal coat cock code codes coffee
cognitive coin coins coke cold cole colin collaboration collapse collar colleagues collect collected collecting
collection collections collective college colleges collins colonel colonial colony color colorado colored colors
colour colours columbia columbus column combat combination combine combined come comeback comedy comes comfort
comfortable comic comics coming command commander comment commentary commented comments commerce commercial
commission commissioner commit commitment committed committee common commonly commons commonwealth communicate
communication communications communist communities community compact companies companion company comparable compare
compared comparing comparison compensation compete competing competition competitive competitors complain
complaining complaint complaints complete completed completely completing completion complex complexity compliance
complicated comply component components composed composition compound comprehensive compromise computer computers
computing concentrate concentration concept concepts concern concerned concerning concerns concert concluded
conclusion conclusions concrete condition conditions conduct conducted conducting conference conferences confidence
confident confirm confirmation confirmed conflict conflicts confused confusing confusion congrats congratulations
congress congressional connect connected connecticut connecting connection connections conscious consciousness
consecutive consensus consent consequence consequences conservation conservative conservatives consider considerable
considerably consideration considered considering considers consistent consistently consisting consists console
conspiracy constant constantly constitution constitutional constructed construction consultant consultation
consulting consumer consumers consumption contact contacted contacts contain contained container containing contains
contemporary content contents contest context continent continental continue continued continues continuing
continuous contract contractor contractors contracts contrary contrast contribute contributed contributing
contribution contributions control controlled controller controlling controls controversial controversy convenience
convenient convention conventional conversation conversations conversion convert converted convicted conviction
convince convinced cook cooked cookie cookies cooking cool cooling cooper cooperation cope copies copper cops copy
copyright core corn corner corners corp corporate corporation corporations corps correct correctly corresponding
corrupt corruption cost costa costs costume cottage cotton couch could council counsel count counted counter
counties counting countries country counts county coup couple couples courage course courses court courtesy courts
cousin cover coverage covered covering covers cowboys crack craft craig crap crash crashed crazy cream create
created creates creating creation creative creativity creator creature creatures credit credits creek creepy crew
cricket cried crime crimes criminal criminals crisis criteria critical criticism criticized critics crop crops cross
crossed crossing crowd crown crucial crude cruel cruise crush crushed cruz crying crystal cuba cult cultural culture
cultures cups cure curious currency current currently curriculum curse curve custody custom customer customers
customs cute cuts cutting cycle cycling daddy daily dairy dakota dallas damage damaged damages damn dance dancing
danger dangerous daniel danny dare dark darkness darling dash data database date dated dates dating daughter
daughters dave david davis dawn days dead deadline deadly deal dealer dealers dealing deals dealt dean dear death
deaths debate debt debut decade decades december decent decide decided decides deciding decision decisions deck
declaration declare declared decline declined decrease decreased dedicated deemed deep deeper deeply deer default
defeat defeated defence defend defended defender defending defense defensive deficit define defined definitely
definition degree degrees delay delayed delete deleted delhi deliberately delicate delicious delighted deliver
delivered delivering delivery delta demand demanded demanding demands demo democracy democrat democratic democrats
demon demons demonstrate demonstrated demonstration denied denmark dennis density dental denver deny department
departments departure depend dependent depending depends deployed deposit deposits depressed depression depth deputy
derby derek derived describe described describes describing description desert deserve deserved deserves design
designated designed designer designers designs desire desired desires desk desperate despite destination destiny
destroy destroyed destroying destruction detail detailed details detect detected detection detective determination
determine determined detroit develop developed developer developers developing development developments device
devices devil devoted diabetes diagnosed diagnosis dialogue diameter diamond diamonds diana diary dick dictionary
didnt died diego dies diesel diet differ difference differences different differently difficult difficulties
difficulty digital dignity dimension dimensional dimensions dining dinner diplomatic direct directed direction
directions directly director directors dirt dirty disability disabled disagree disappear disappeared disappointed
disappointing disappointment disaster disc discipline disclosure discount discover discovered discovery
discrimination discuss discussed discussing discussion discussions disease diseases disgusting dish dishes disk
dismissed disney disorder disorders display displayed displays disposal dispute distance distant distinct
distinction distinctive distinguished distributed distribution district districts disturbing dive diverse diversity
divide divided divine diving division divisions divorce divorced doctor doctors document documentary documented
documents does doesnt dogs doing doll dollar dollars domain domestic dominant dominated donald donate donated
donation donations done dont door doors dose double doubt doug douglas down download downtown dozen dozens draft
drag dragged dragon dragons drain drama dramatic draw drawing drawings drawn draws dream dreams dress dressed
dresses dressing drew dried drill drink drinking drinks drive driven driver drivers drives driving drone drop
dropped dropping drops drove drug drugs drum drunk dual dubai dublin duck dude duke dumb dump duncan duration during
dust dutch duties duty dying dylan dynamic dynamics each eager eagle eagles earl earlier earliest early earn earned
earning earnings ears earth earthquake ease easier easily east easter eastern easy eaten eating ebay echo economic
economics economy eddie edge edges edinburgh edit edited editing edition editor editorial editors educated education
educational edward edwards effect effective effectively effectiveness effects efficiency efficient effort efforts
eggs egypt egyptian eight eighth either elaborate elder elderly elect elected election elections electoral electric
electrical electricity electronic electronics element elementary elements elephant elevated eleven eligible
eliminate eliminated elite elizabeth ellen else elsewhere email emails embarrassed embarrassing embassy embrace
emerged emergency emerging emily emissions emma emotion emotional emotionally emotions emperor emphasis empire
employed employee employees employer employers employment empty enable enabled encounter encountered encounters
encourage encouraged encouraging ended ending endless ends enemies enemy energy enforcement engage engaged
engagement engaging engine engineer engineering engineers engines england english enhance enhanced enjoy enjoyed
enjoying enormous enough ensure ensuring enter entered entering enterprise enterprises enters entertaining
entertainment enthusiasm entire entirely entitled entity entrance entries entry environment environmental
environments epic episode episodes equal equality equally equation equipment equipped equity equivalent eric error
errors escape escaped escort especially essay essays essence essential essentially establish established
establishing establishment estate estimate estimated estimates eternal ethical ethics ethnic euro europe european
evaluate evaluation evans even evening event events eventually ever every everybody everyday everyone everything
everywhere evidence evil evolution evolved exact exactly exam examination examine examined example examples exams
excellence excellent except exception exceptional excess excessive exchange excited excitement exciting exclusive
exclusively excuse executed execution executive executives exercise exercises exhausted exhibit exhibition exist
existed existence existing exists exit expand expanded expanding expansion expect expectations expected expecting
expense expenses expensive experience experienced experiences experiencing experiment experimental experiments
expert expertise experts explain explained explaining explains explanation exploration explore exploring explosion
export exports exposed exposure express expressed expression extend extended extending extension extensive extent
external extra extract extraordinary extreme extremely eyes fabric fabulous face facebook faced faces facial
facilities facility facing fact factor factors factory facts faculty fail failed failing fails failure fair fairly
fairy faith faithful fake fall fallen falling falls false fame familiar families family famous fancy fans fantastic
fantasy farm farmer farmers farming farms fascinating fashion fast faster fastest fatal fate father fathers fault
favor favorite favorites favour favourite fear fears feature featured features featuring february federal federation
feed feedback feeding feel feeling feelings feels fees feet fell fellow felt female females feminist fence ferry
festival fever fewer fiber fiction field fields fifa fifteen fifth fifty fight fighter fighters fighting fights
figure figured figures file filed files filing fill filled filling film filmed filming films filter final finale
finally finals finance financial financing find finding findings finds fine finest finger fingers finish finished
finishing fire fired fires firing firm firmly firms first fiscal fish fisher fishing fitness fits fitted fitting
five fixed fixing flag flags flame flames flash flat flavor fled fleet flesh flew flexibility flexible flies flight
flights flip floating flood floor floors florida flour flow flower flowers flowing flows fluid flying focus focused
focuses focusing fold folk folks follow followed followers following follows food foods fool foot footage football
force forced forces forcing ford forecast foreign forest forests forever forget forgive forgot forgotten fork form
formal formally format formation formed former formerly forming forms formula fort forth fortune forty forum forward
foster fought foul found foundation founded founder four fourth frame frames framework france franchise francis
francisco frank franklin frankly fraud freak freaking fred free freedom freely freeze freezing french frequency
frequent frequently fresh friday fridge fried friend friendly friends friendship from front frozen fruit fruits
frustrated fuck fucked fuckin fucking fuel full fully function functional functioning functions fund fundamental
funded funding funds funeral funny furniture further furthermore fusion future gain gained gaining gains galaxy
gallery gambling game games gaming gang garage garbage garden gardens gary gate gates gather gathered gathering
gauge gave gear gender gene general generally generate generated generation generations generic generous genes
genetic geneva genius genre gentle gentleman gentlemen gently genuine genuinely george georgia german germans
germany gets getting ghost giant giants gift gifts girl girlfriend girls give given gives giving glad glasgow glass
glasses global globe glorious glory gloves goal goals goat goddess gods goes going gold golden golf gone gonna good
goodbye goodness goods google gordon gorgeous gospel gotta gotten governance governing government governments
governor grab grabbed grace grade grades gradually graduate graduated graduates graduation graham grain grammar
grand grandfather grandma grandmother grant granted grants graph graphic graphics grass grateful grave gravity gray
great greater greatest greatly greece greek green greg grew grey grid grief grip grocery gross ground grounds group
groups grow growing grown grows growth guarantee guaranteed guard guardian guards guess guest guests guidance guide
guided guidelines guilt guilty guinea guitar gulf guns guys habit habits hack haha hair half halfway hall halloween
hamilton hammer hampshire hand handed handful handle handled handling hands handsome hang hanging hannah happen
happened happening happens happier happily happiness happy harassment harbor hard harder hardest hardly hardware
harm harmony harold harper harris harrison harry harsh hart harvard harvest harvey hate hated hates hatred hats have
haven having hawaii head headed heading headline headquarters heads heal healing health healthcare healthy hear
heard hearing heart hearts heat heated heating heaven heavily heavy heck heels height heights held helen helicopter
hell hello helmet help helped helpful helping helps hence henry here heritage hero heroes herself hidden hide hiding
high higher highest highlight highlights highly highway hilarious hill hillary hills himself hindu hint hire hired
hiring historic historical historically history hitler hits hitting hockey hold holder holders holding holdings
holds hole holes holiday holidays holland hollywood holmes holy home homeless homes homework honest honestly honey
hong honor honored honour hood hook hope hoped hopefully hopes hoping horizon horn horrible horror horse horses
hospital hospitals host hosted hostile hosting hosts hotel hotels hour hours house household households houses
housing houston howard however http https hudson huge hugh hughes hull human humanity humans humble humor hundred
hundreds hung hunger hungry hunt hunter hunting hurricane hurry hurt hurting hurts husband hybrid hype icon iconic
idea ideal ideas identical identification identified identify identifying identity ideology idiot idiots ignorance
ignorant ignore ignored ignoring illegal illinois illness illustrated image images imagination imagine imagined
immediate immediately immigrant immigrants immigration immune impact impacts imperial implement implementation
implemented implications import importance important importantly imposed impossible impressed impression impressive
improve improved improvement improvements improving inch inches incident incidents include included includes
including inclusion income incorporated increase increased increases increasing increasingly incredible incredibly
indeed independence independent independently index india indian indiana indians indicate indicated indicates
indicating indication indie indigenous indirect individual individuals indonesia indoor induced industrial
industries industry inevitable infected infection infinite inflation influence influenced influences influential
info inform information informed infrastructure ingredients inhabitants initial initially initiative initiatives
injured injuries injury inner innings innocent innovation innovative input inquiry insane insects insert inside
insight insist insisted inspection inspector inspiration inspire inspired inspiring instagram install installation
installed instance instances instant instantly instead institute institution institutional institutions instruction
instructions instructor instrument instruments insurance integrated integration integrity intel intellectual
intelligence intelligent intend intended intense intensity intensive intent intention intentions inter interact
interaction interactions interactive interest interested interesting interests interface interim interior
intermediate internal international internet interpretation intervention interview interviewed interviews intimate
into introduce introduced introducing introduction invasion invented invention inventory invest invested investigate
investigated investigating investigation investigations investing investment investments investors invisible
invitation invite invited involve involved involvement involves involving iowa ipad iphone iran iranian iraq ireland
irish iron isis islam islamic island islands isolated isolation israel israeli issue issued issues italian italy
item items itself jack jacket jackson jacob jail jake james jamie jane january japan japanese jason java jazz
jealous jean jeans jeff jefferson jennifer jeremy jerk jerry jersey jerusalem jesse jessica jesus jets jewelry
jewish jews jimmy joan jobs john johnny johnson join joined joining joins joint joke jokes joking jonathan jones
jordan jose joseph josh journal journalism journalist journalists journey juan judge judges judging judgment
judicial juice julia julie july jump jumped jumping june jungle junior junk jurisdiction jury just justice justified
justify justin kansas karen karl kate keen keep keeper keeping keeps keith kelly kennedy kenny kent kentucky kenya
kept kevin keyboard keys khan kick kicked kicking kicks kidding kidney kids kill killed killer killing kills kind
kinda kindly kindness kinds king kingdom kings kiss kitchen knee knees knew knife knight knights knock knocked know
knowing knowledge known knows kong korea korean kyle label labels labor laboratory labour lack lacking ladder ladies
lady laid lake lakes lamb lamp land landed landing lands landscape lane language languages laptop large largely
larger largest larry laser last lasted lasting late lately later latest latin latter laugh laughed laughing laughs
laughter launch launched laundry laura lawrence laws lawsuit lawyer lawyers layer layers laying layout lazy lead
leader leaders leadership leading leads leaf league leak leaked lean learn learned learning lease least leather
leave leaves leaving lebanon lecture leeds left legacy legal legally legend legendary legends legislation
legislative legislature legit legitimate legs lemon length lens leonard lesbian less lesser lesson lessons lets
letter letters letting level levels lewis lgbt liability liar liberal liberals liberty libraries library license
licensed lied lies lieutenant life lifestyle lifetime lift lifted lifting light lighter lighting lightning lights
like liked likely likes likewise limit limitations limited limits lincoln linda line linear lined lines lineup link
linked links lion lions lips liquid liquor lisa list listed listen listened listening listing lists literally
literary literature little live lived liver liverpool lives living lloyd lmao load loaded loading loads loan loans
lobby local locally locals located location locations lock locked lodge logan logic logical logo london lonely long
longer longest look looked looking looks loop loose lord lords lose loser loses losing loss losses lost lots lottery
loud louis louise louisiana love loved lovely lover lovers loves loving lower lowest loyal loyalty lucas luck lucky
lucy luke lunch lung luxury lying lyrics machine machinery machines made madison madrid magazine magazines magic
magical magnetic magnificent magnitude mail main maine mainly mainstream maintain maintained maintaining maintenance
majesty major majority make maker makers makes makeup making malaysia malcolm male males mall mama manage managed
management manager managers managing manchester mandatory manhattan manner mansion manual manufactured manufacturer
manufacturers manufacturing many maps marathon marc march marcus margaret margin maria marie marijuana marine mario
mark marked market marketing markets marks marriage married marry mars marshall martial martin marvel mary maryland
mask mason mass massachusetts massage massive master masters match matched matches matching mate material materials
math mathematical mathematics matrix matt matter matters matthew mature maximum maybe mayor meal meals mean meaning
meaningful means meant meantime meanwhile measure measured measurement measurements measures measuring meat
mechanical mechanics mechanism mechanisms medal media median medical medication medicine medieval medium meet
meeting meetings meets mega melbourne member members membership memorial memories memory mental mentally mention
mentioned mentions menu merchant mercury mercy mere merely merit mess message messages messed metal meter meters
method methods metres metro metropolitan mexican mexico miami mice michael michelle michigan micro microsoft middle
midnight might mighty migration mike milan mild mile miles military milk mill miller million millions mills
milwaukee mind minded minds mine mineral mines mini minimal minimum mining minister ministers ministry minnesota
minor minority minus minute minutes miracle mirror miserable miss missed missile missing mission missions
mississippi missouri mistake mistakes mitchell mixed mixing mixture mobile mobility mode model models moderate
modern modest modified molecular moment moments momentum monday monetary money monitor monitoring monkey monster
monsters montana month monthly months montreal mood moon moore moral more moreover morgan morning morris mortgage
moscow most mostly mother mothers motion motivated motivation motor motorcycle motors mount mountain mountains
mounted mouse mouth move moved movement movements moves movie movies moving much multi multiple municipal murder
murdered murders murphy murray muscle muscles museum music musical musician musicians muslim muslims must mutual
myself mysterious mystery myth nail nails naked name named namely names nancy narrative narrow nasa nasty nathan
nation national nations nationwide native nato natural naturally nature naval navigation navy nazi near nearby
nearest nearly necessarily necessary neck need needed needing needs negative negotiations neighbor neighborhood
neighbors neil neither nelson nephew nerve nerves nervous nest netflix netherlands network networks neutral nevada
never nevertheless newcastle newest newly news newspaper newspapers next nice nicely nicholas nick nigeria nigerian
night nightmare nights nine nintendo ninth noble nobody noise nominated nomination none nonetheless nonsense noon
nope normal normally norman north northeast northern northwest norway nose notable notably note noted notes nothing
notice noticed noting notion novel novels november nowadays nowhere nuclear nude number numbers numerous nurse
nurses nursing nutrition nuts obama object objective objectives objects obligation observation observations observe
observed obsessed obtain obtained obvious obviously occasion occasional occasionally occasions occupation occupied
occur occurred occurs ocean october odds offense offensive offer offered offering offers office officer officers
offices official officially officials often ohio okay oklahoma older oldest olive oliver olympic olympics once ones
ongoing online only ontario onto open opened opening openly opens opera operate operated operates operating
operation operational operations operator operators opinion opinions opponent opponents opportunities opportunity
opposed opposing opposite opposition optical option options oral orange orbit orchestra order ordered ordering
orders ordinary oregon organ organic organisation organisations organised organization organizations organized
organs orientation oriented origin original originally origins orlando orleans oscar other others otherwise ought
ours ourselves outcome outcomes outdoor outer outfit outlet outlets outlook output outside outstanding outta oven
over overall overcome overnight overseas overview overwhelming owen owned owner owners ownership owns oxford oxygen
pace pacific pack package packages packed packing page pages paid pain painful paint painted painting paintings pair
pairs pakistan pakistani palace pale palestinian palm palmer panel panels panic pants paper papers parade paradise
paragraph parallel parameters parent parents paris parish park parker parking parks parliament parliamentary part
partial partially participants participate participated participating participation particles particular
particularly parties partly partner partners partnership parts party pass passage passed passenger passengers passes
passing passion passionate passive passport password past pastor patch patent path pathetic paths patience patient
patients patrick patrol pattern patterns paul pause paying payment payments pays peace peaceful peak pearl peer
peers penalties penalty pending peninsula penis pennsylvania penny pension people peoples pepper perceived percent
percentage perception perfect perfectly perform performance performances performed performing perhaps period periods
permanent permanently permission permit permitted perry person personal personality personally personnel persons
perspective pete peter petition pets petty phase phenomenon phil philadelphia philip philippines phillips philosophy
phoenix phone phones photo photograph photographer photographs photography photos phrase physical physically
physician physicians physics piano pick picked picking picks pics picture pictures piece pieces pile pill pills
pilot pilots pine pink pipe pipeline piss pissed pitch pittsburgh pizza place placed placement places placing plain
plan plane planes planet planets planned planning plans plant planted plants plastic plate plates platform platforms
platinum play played player players playing playoff playoffs plays pleasant please pleased pleasure pledge plenty
plot plug plus pocket pockets podcast poem poems poet poetry point pointed pointing points poison pokemon poland
pole police policies policy polish political politically politician politicians politics poll polls pollution pool
poor poorly pope popular popularity population populations pork porn port portal portfolio portion portland portrait
ports portugal portuguese pose position positions positive possess possession possibilities possibility possible
possibly post posted poster posting posts potato potatoes potential potentially potter pound pounds pour poverty
powder power powered powerful powers practical practically practice practices praise praised pray prayer prayers
precious precise precisely precision predict predicted prefer preference preferred pregnancy pregnant preliminary
premier premiere premises premium preparation prepare prepared preparing prescription presence present presentation
presented presenting presents preservation preserve preserved presidency president presidential presidents press
pressed pressing pressure presumably pretend pretending pretty prevent prevented preventing prevention previous
previously price prices pricing pride priest priests primarily primary prime prince princess principal principle
principles print printed printing prints prior priorities priority prison prisoner prisoners privacy private
privately privilege prize prizes probability probably problem problems procedure procedures proceed proceedings
proceeds process processes processing produce produced producer producers produces producing product production
productive productivity products prof profession professional professionals professor profile profit profitable
profits program programme programmes programming programs progress progressive project projects prominent promise
promised promises promising promote promoted promoting promotion pronounced proof propaganda proper properly
properties property proportion proposal proposals proposed prosecution prospect prospects protect protected
protecting protection protective protein proteins protest protesters protests protocol proud prove proved proven
proves provide provided provider providers provides providing province provinces provincial proving provision
provisions psychological psychology public publication publications publicity publicly publish published publisher
publishers publishing puerto pull pulled pulling pulls pulse pump punch punished punishment punk pupils puppy
purchase purchased purchases purchasing pure purely purple purpose purposes pursue pursuit push pushed pushing pussy
putin puts putting qualified qualify qualifying qualities quality quantity quantum quarter quarters queen queens
queensland quest question questioned questioning questions quick quickly quiet quietly quit quite quote quoted
quotes rabbit race races rachel racial racing racism racist radar radiation radical radio rage raid rail railroad
railway rain rainbow raise raised raises raising rally ralph ranch random range rangers ranges ranging rank ranked
ranking ranks rape raped rapid rapidly rare rarely rate rated rates rather rating ratings ratio rational rats rays
reach reached reaches reaching react reaction reactions read reader readers reading reads ready real realise
realised realistic reality realize realized really realm rear reason reasonable reasonably reasoning reasons rebel
rebels recall receive received receiver receives receiving recent recently reception recipe recognised recognition
recognize recognized recommend recommendation recommendations recommended record recorded recording records recover
recovered recovery recreation recruitment reduce reduced reducing reduction reed refer reference references referred
referring refers reflect reflected reflection reflects reform reforms refugees refuse refused refuses regard
regarded regarding regardless regards regime region regional regions register registered registration regret regular
regularly regulation regulations regulatory reign reject rejected relate related relating relation relations
relationship relationships relative relatively relatives relax relaxed release released releases releasing relevant
reliable relief religion religious rely remain remainder remained remaining remains remarkable remarks remember
remembered remind reminded reminder reminds remote removal remove removed removing renewed rent rental repair
repairs repeat repeated repeatedly replace replaced replacement replacing replied reply report reported reportedly
reporter reporters reporting reports represent representation representative representatives represented
representing represents republic republican republicans reputation request requested requests require required
requirement requirements requires requiring rescue research researchers reserve reserved reserves residence resident
residential residents resignation resigned resist resistance resolution resolve resolved resort resource resources
respect respected respective respectively respond responded responding response responses responsibilities
responsibility responsible rest restaurant restaurants restoration restore restored restricted restrictions result
resulted resulting results resume retail retain retained retire retired retirement retreat return returned returning
returns reveal revealed reveals revenge revenue revenues reverse review reviewed reviews revised revolution
revolutionary reward rewards rhythm rice rich richard richmond rick ride rider rides ridge ridiculous riding rifle
right rights ring rings riot ripped rise rises rising risk risks ritual rival river rivers road roads robert roberts
robin robinson robot rock rocket rocks rocky roger rogers role roles roll rolled rolling rolls roman romance
romantic rome roof rookie room rooms root roots rope rose roses ross roster rotation rough roughly round rounds
route routes routine royal rubber rude rugby ruin ruined ruins rule ruled rules ruling rumors runner running runs
rural rush russell russia russian russians ruth ryan sacred sacrifice sadly safe safely safer safety said sail saint
saints sake salad salary sale sales salmon salt same sample samples samsung samuel sand sandwich sandy sang santa
sarah satellite satisfaction satisfied saturday sauce saudi savage save saved saves saving savings saying says scale
scan scandal scare scared scary scenario scene scenes schedule scheduled scheme schemes scholars scholarship school
schools science sciences scientific scientist scientists scope score scored scores scoring scotland scott scottish
scratch scream screaming screen screening screens screw screwed script seal sealed sean search searching season
seasons seat seats seattle second secondary seconds secret secretary secretly secrets section sections sector
sectors secure secured securities security seed seeds seeing seek seeking seeks seem seemed seemingly seems seen
sees segment seized select selected selection self selfish sell seller selling sells semester semi senate senator
senators send sending sends senior sense sensitive sent sentence sentenced sentences sentiment separate separated
separately separation sept september sequence sergeant serial series serious seriously servant servants serve served
server servers serves service services serving session sessions sets setting settings settle settled settlement
setup seven seventh several severe severely sexual sexually sexy shade shades shadow shadows shake shakespeare
shaking shall shallow shame shanghai shape shaped share shared shares sharing shark sharp shaw shed sheep sheer
sheet sheets shelf shell shelter sheriff shield shift shifts shine ship shipped shipping ships shirt shirts shit
shitty shock shocked shocking shoe shoes shook shoot shooter shooting shop shopping shops shore short shorter
shortly shorts shot shots should shoulder shoulders shout show showed shower showing shown shows shut siblings sick
side sides sierra sight sign signal signals signature signed significance significant significantly signing signs
silence silent silicon silk silly silver similar similarly simon simple simply simpson simultaneously since sing
singapore singer singh singing single singles sink sins sister sisters site sites sits sitting situated situation
situations sixth size sized sizes sketch skill skilled skills skin skip skull slam slave slavery slaves sleep
sleeping slept slice slide slight slightly slim slip slot slow slowly small smaller smallest smart smartphone smash
smell smells smile smiling smith smoke smoking smooth snake snap snow soap soccer social socialist societies society
socks soda soft software soil solar sold soldier soldiers sole solely solid solo solution solutions solve solved
some somebody someday somehow someone something sometime sometimes somewhat somewhere song songs sons sony soon
sooner sophisticated sorry sort sorts sought soul souls sound sounded sounds soup source sources south southeast
southern southwest soviet space spaces spain spam span spanish spare speak speaker speakers speaking speaks special
specialist specialized specially species specific specifically specified spectacular spectrum speech speed speeds
spell spelling spencer spend spending spent spider spin spirit spirits spiritual spite split spoke spoken sponsor
sponsored sport sporting sports spot spots spotted spray spread spreading spring springs spurs squad square
stability stable stack stadium staff stage stages stairs stake stakes stamp stan stance stand standard standards
standing stands stanley star staring stark starring stars start started starter starting starts state stated
statement statements states static stating station stations statistical statistics stats statue status stay stayed
staying stays steady steal stealing steam steel stem step stephen stepped steps sterling steve steven stewart stick
sticking sticks still stock stocks stole stolen stomach stone stones stood stop stopped stopping stops storage store
stored stores stories storm story straight strain strange stranger strangers strategic strategies strategy streak
stream streaming streams street streets strength strengthen stress stressed stretch strict strictly strike strikes
striking string strings strip stroke strong stronger strongest strongly struck structural structure structures
struggle struggled struggles struggling stuart stuck student students studied studies studio studios study studying
stuff stunning stupid style styles subject subjects submission submit submitted subscribe subscribers subscription
subsequent subsequently substance substantial substitute subtle subway succeed succeeded success successful
successfully such suck sucks sudden suddenly suffer suffered suffering sufficient sugar suggest suggested suggesting
suggestion suggestions suggests suicide suit suitable suite suited suits summary summer summit sunday sunny sunset
sunshine super superior superman supplement supplied supplies supply support supported supporter supporters
supporting supportive supports suppose supposed supreme sure surely surface surfaces surgeon surgery surgical
surprise surprised surprising surprisingly surrender surrounded surrounding surveillance survey surveys survival
survive survived surviving survivor survivors susan suspect suspected suspended suspension suspicious sustainable
sustained swear sweat sweden swedish sweet swift swim swimming swing swiss switch switched switching switzerland
sword sydney symbol symbols sympathy symptoms syndrome syria syrian system systems table tables tablet tackle
tactics tail taiwan take taken takes taking tale talent talented tales talk talked talking talks tall tank tanks
tape target targeted targets task tasks taste tastes tattoo taught taxes taxi taylor teach teacher teachers teaching
team teams tear tears tech technical technically technique techniques technological technologies technology teen
teenage teenager teenagers teens teeth telegraph telephone television tell telling tells temperature temperatures
temple temporarily temporary tend tender tends tennessee tennis tension tent term terminal terms terrible
territories territory terror terrorism terrorist terrorists terry test testament tested testimony testing tests
texas text texts thai thailand than thank thanks thanksgiving that thats theater theatre thee theft their them theme
themes themselves then theoretical theories theory therapy there thereby therefore thermal these thesis they thick
thin thing things think thinking thinks third thirty this thomas thompson thoroughly those thou though thought
thoughts thousand thousands thread threat threatened threatening threats three threshold threw throat throne through
throughout throw throwing thrown throws thumb thunder thursday thus ticket tickets tide tied tier ties tiger tigers
tight till timber time timeline times timing tiny tips tire tired tires tissue title titled titles tits tobacco
today todd together toilet tokyo told tolerance toll tommy tomorrow tone tongue tonight tons tony took tool tools
tooth topic topics tops torn toronto torture total totally touch touched touching tough tour tourism tourist
tourists tournament tours toward towards tower towers town towns toxic toys trace track tracking tracks trade traded
trades trading tradition traditional traditionally traditions traffic tragedy tragic trail trailer train trained
trainer training trains trans transaction transactions transfer transferred transfers transform transformation
transformed transit transition translated translation transmission transparent transport transportation trap trapped
trash trauma travel traveled traveling travelling travels travis treasure treasury treat treated treating treatment
treatments treats treaty tree trees tremendous trend trends trial trials tribal tribe tribes tribute trick tricks
tried tries trigger trip triple trips troops trophy tropical trouble truck trucks true truly trump trunk trust
trusted truth trying tube tuesday tune tunnel turkey turkish turn turned turner turning turns tweet tweeted tweets
twelve twenty twice twin twins twist twitter tyler type types typical typically ugly ukraine ukrainian ultimate
ultimately ultra unable unbelievable uncertainty uncle uncomfortable under underground underlying underneath
understand understanding understands understood unemployment unexpected unfair unfortunate unfortunately unhappy
uniform union unions unique unit united units unity universal universe universities university unknown unless unlike
unlikely unlimited unnecessary until unusual upcoming update updated updates upgrade upon upper upset upside urban
urge urged urgent usage used useful useless user users uses using usual usually utah utility utterly vacation
vaccine vacuum valid valley valuable value valued values valve vampire vancouver variable variation variations
varied variety various vary vast vegas vegetables vehicle vehicles venture venue verdict verse version versions
versus vertical very vessel vessels veteran veterans vice victim victims victor victoria victorian victory video
videos vietnam view viewed viewers viewing views villa village villages vincent vintage vinyl violation violence
violent viral virgin virginia virtual virtually virus visa visible vision visit visited visiting visitor visitors
visits visual vital vitamin vocal voice voices void voltage volume volumes voluntary volunteer volunteers vote voted
voter voters votes voting vulnerable wage wages wait waited waiting wake wales walk walked walker walking walks wall
wallace wallet walls walter wanna want wanted wanting wants ward warehouse warfare warm warming warn warned warner
warning warrant warren warrior warriors wars wash washed washing washington waste wasted wasting watch watched
watches watching water waters watson wave waves wayne ways weak weakness wealth wealthy weapon weapons wear wearing
wears weather website websites wedding wednesday weed week weekend weekends weekly weeks weight weird welcome
welfare well wells welsh went were west western westminster what whatever wheat wheel wheels when whenever where
whereas wherever whether which while whilst whip white whites whoever whole whom whose wide widely wider widespread
widow width wife wild wildlife will william williams willing wilson wind window windows winds wine wing wings winner
winners winning wins winter wipe wire wireless wisconsin wisdom wise wish wished wishes witch with withdraw
withdrawal within without witness witnessed witnesses wives woke wolf wolves woman women wonder wondered wonderful
wondering wonders wont wood wooden woods word words wore work worked worker workers working workout workplace works
workshop world worlds worldwide worn worried worries worry worrying worse worship worst worth worthy would wound
wounded wounds wrap wrapped wrestling wright wrist write writer writers writes writing written wrong wrote xbox yard
yards yeah year years yelling yellow yesterday yield yoga york yorkshire young younger youngest your yours yourself
youth youtube zealand zero zone zones
"""

ENGLISH_WORDS = frozenset(_WORDS.split())
