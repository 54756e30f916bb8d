"""Focus group 3: five people on sygedagpenge, held on Teams in January 2021 (written as a Teams WebVTT)."""

from __future__ import annotations

from .transcripts import FocusGroup

SPEAKERS = {
    "M": "Anne Kjær",
    "MA": "Maria Nielsen",
    "P": "Peter Sørensen",
    "H": "Hanne Lund",
    "T": "Thomas Berg",
    "F": "Fatima Ali",
}

# The moderator is Anne Kjær (Analyseenheden); Teams only knows display names.
MODERATOR = SPEAKERS["M"]

DIALOGUE = """
M: Hej allesammen, kan I høre mig?
MA: Ja.
T: Ja, det kan vi godt.
M: Dejligt. Peter, jeg tror, du er på mute.
P: Sådan. Nu? Kan I høre mig nu?
M: Ja, perfekt. Godt, velkommen til, og tak fordi I vil være med, selvom det er her på Teams. Jeg hedder Anne Kjær, og jeg er fra Analyseenheden. Vi optager mødet, så vi kan skrive det ud bagefter, men jeres navne kommer ikke med i rapporten. Det handler om jeres oplevelser, mens I har været sygemeldt og haft kontakt med jobcentret. Skal vi tage en kort præsentation? Maria, vil du starte?
MA: Ja. Jeg hedder Maria, jeg er 44, og jeg er sygemeldt med stress siden august. Jeg arbejder i en bank, eller, jeg gjorde.
P: Peter, 58 år, tømrer. Jeg fik en diskusprolaps sidste forår, så jeg har været sygemeldt i ... ja, ti måneder nu.
H: Jeg hedder Hanne, jeg er sosu-assistent, og jeg har været sygemeldt med en knæskade. Jeg er delvist raskmeldt nu, så jeg arbejder tolv timer om ugen.
T: Thomas, 36. Jeg har været sygemeldt med depression i et halvt år cirka.
F: Fatima, jeg er 29, og jeg blev sygemeldt efter en trafikulykke i september.
M: Tak. Hvis vi starter med den første kontakt med jobcentret – hvordan oplevede I den?
P: Øh, den første ting, der skete, var, at jeg fik et brev om en opfølgningssamtale, og så et skema på tolv sider, jeg skulle udfylde. Jeg lå jo fladt på gulvet med ondt i ryggen, og så skulle jeg sidde og skrive om mine arbejdsopgaver og min uddannelse. Det var lidt meget.
H: Ja, det skema. (griner)
MA: For mig var det faktisk rart. Altså, at der var nogen, der tog kontakt. Hun var meget forstående og sagde, at det vigtigste lige nu var, at jeg fik det bedre.
T: Øh, jeg husker det ikke rigtig. Jeg var ret dårlig dengang. Men jeg ved, at jeg var meget nervøs for den første samtale, fordi jeg havde hørt så meget om, at de presser en tilbage på arbejde.
M: Var det sådan, det blev?
T: Nej. Ikke i starten i hvert fald. Min sagsbehandler var god til at sige, at det var helt okay at være der, hvor jeg var.
M: Mm. Og hvordan er jeres forhold til sagsbehandleren i dag?
F: Jeg har en rigtig god sagsbehandler. Hun ringer, hvis der er noget, og hun har hjulpet mig med at tale med min arbejdsgiver. Men jeg har så haft to forskellige, fordi den første gik på barsel.
M: Hvordan var skiftet?
F: Det var okay, fordi den første faktisk sagde det til mig selv og skrev en overlevering. Så den nye vidste godt, hvad der var sket.
P: Det var ikke sådan for mig. Jeg har haft tre, og jeg fik ikke at vide, at jeg havde fået en ny. Pludselig var der bare et nyt navn på brevet.
H: Det er lidt det samme her. Man føler, at man starter forfra hver gang.
M: Peter, du nævnte brevene. Hvordan er de at læse?
P: Altså, de er skrevet af en jurist til en anden jurist. Der står sådan noget som "ophør af sygedagpenge efter revurdering jf. sygedagpengelovens paragraf 24". Jeg blev rigtig bange, for jeg troede, at jeg mistede mine penge.
MA: Jeg fik også sådan et. Og det var bare et brev om, at de ville vurdere min sag.
P: Ja! Men det står der jo ikke i første linje.
H: Jeg synes, de er okay. Men de er lange. Og når man er sygemeldt med stress eller depression, så kan man jo ikke overskue fire sider.
T: Nej, det kan man ikke. Jeg lod bare brevene ligge i e-Boks i to uger, fordi jeg ikke kunne åbne dem. Det er ikke deres skyld, men det ville hjælpe, hvis der stod øverst, hvad det handler om, med helt almindelige ord.
M: Det er et godt forslag. Nu har møderne jo været digitale det sidste lange stykke tid. Hvordan har det været?
MA: Altså, for mig har det været fint. Jeg kunne ikke have klaret at tage ind på jobcentret i starten. Bare tanken om at sidde i venteværelset ... nej.
H: Jeg synes også, telefonmøderne har været gode. De er korte, og man kan sidde hjemme.
P: Jeg har det ikke så godt med det. Altså, jeg er ikke så god til computer. Første gang skulle det være på Skype, og jeg fik det ikke til at virke, og så blev det til et telefonmøde alligevel. Og så sidder man og skal huske alt det, de siger, uden at kunne se papirerne.
F: Øh, jeg kan faktisk godt lide video. Så kan man jo se hinanden. Men der var én gang, hvor mødet bare ikke blev til noget, fordi hun ikke havde fået linket.
M: Okay. Så blandede erfaringer.
T: Ja, det er vel et spørgsmål om, at man kan vælge selv.
M: Hvad med at få fat i jobcentret på telefonen?
H: Det er svært, ikke også. Der er altid kø om morgenen, og så sidder man og venter med den der musik i røret.
F: Jeg skriver til min sagsbehandler på mail, så svarer hun normalt inden for et døgn. Det fungerer fint for mig.
P: Jeg ringede en gang og ventede i 35 minutter. Så gav jeg op. Og det er jo –
MA: Undskyld, jeg tror, du hakker lidt, Peter.
P: Nå. Kan I høre mig nu? Jeg sagde bare, at når man så endelig kommer igennem, så er det jo ikke ens egen sagsbehandler, man får fat i. Så skal man forklare det hele igen, ikke også.
H: Ja, det kender jeg godt.
M: Mm. Hvis vi taler om planen for jeres forløb. Har I en opfølgningsplan eller en plan for, hvordan I kommer tilbage?
H: Ja, jeg har en plan med min arbejdsgiver om delvis raskmelding. Vi startede på otte timer, og nu er det tolv, og så skal det være seksten i marts. Det er faktisk rigtig godt, og det var jobcentret, der foreslog det.
MA: Jeg har en plan, men den er meget vag. Der står noget om "gradvis tilbagevenden", men ingen datoer. Jeg ved ikke rigtig, hvad der forventes af mig.
M: Hvordan har du det med det?
MA: Jeg bliver lidt urolig af det, faktisk. Jeg kan bedre lide at vide, hvad der skal ske. Men jeg har heller ikke spurgt, hvis jeg skal være ærlig.
T: Min plan er, at jeg skal i et ressourceforløb. Eller, det er det, de snakker om. Jeg har ikke fået det forklaret helt, hvad det er.
P: For mig var der tale om et jobafklaringsforløb, og der gik jeg i panik, for jeg har altid arbejdet, og nu skulle jeg afklares. Ingen fortalte mig, hvad det betød.
M: Har I oplevet, at der er blevet taget hensyn til jeres helbred?
MA: Ja, det synes jeg. Hun har læst lægeerklæringerne og taget dem alvorligt.
P: Delvist. Der var en periode, hvor de ville have mig i praktik, selvom lægen havde skrevet, at jeg ikke kunne løfte noget.
F: Jeg synes, de har været gode. Min sagsbehandler har snakket med min læge, doktor Birgitte Holm, og de blev enige om, at jeg skulle starte langsomt. Det var rart, at de snakkede sammen, så jeg ikke skulle være budbringer.
T: Jeg har følt mig presset nogle gange. Ikke af min sagsbehandler, men af reglerne. Der er hele tiden en deadline, og hver gang, der kommer et brev, tænker jeg, at nu er det slut.
M: Det lyder hårdt.
T: Ja. Men altså, det er ikke, fordi folkene ikke er søde. Det er systemet.
H: Jeg er enig. Altså, de er søde, men man kan jo mærke, at de har travlt.
M: Føler I jer hørt og respekteret?
F: Ja, det gør jeg. Virkelig.
H: Overvejende ja.
P: Hmm. Ikke altid. Jeg har haft en følelse af, at de tror, jeg kunne arbejde, hvis bare jeg ville. Og det gør ondt, når man har knoklet i fyrre år.
MA: Jeg føler mig hørt. Hun lytter, og hun husker, hvad jeg har sagt sidst.
T: Det gør jeg også – det meste af tiden.
M: Var der noget med transport eller praktiske ting, der har været svært?
P: Ja. Jeg skulle til en undersøgelse i Glostrup, og jeg kan ikke køre bil med min ryg. Så skulle jeg tage tre busser. Jeg bor på Birkevej 7, helt ude ved skoven, så der kører bussen én gang i timen.
F: Jeg fik bevilget taxa til mine første møder efter ulykken. Det var en stor hjælp.
M: Hvis I nu skulle give jobcentret nogle gode råd – hvad skulle det være?
MA: Skriv breve, man kan overskue, når man er syg.
T: Ja. Og forklar, hvad forløbene er. Ressourceforløb, jobafklaring, det lyder alt sammen uhyggeligt, når man ikke ved, hvad det er.
P: Lyt til lægen. Og til os.
H: Hold fast i det med delvis raskmelding, det virker.
F: Lad folk beholde den samme sagsbehandler, hvis det kan lade sig gøre. Og sørg for en god overlevering, hvis det ikke kan.
M: Tak. Er der nogen, der vil sige noget til sidst?
H: Jeg vil bare sige, at jeg er glad for, at I spørger.
P: Jeg har skrevet lidt ned, som jeg godt vil sende. Skal jeg sende det til dig?
M: Ja, gerne. Du kan sende det til anne.kjaer@soeholm.dk, så kommer det med anonymt.
P: Det gør jeg.
M: Tusind tak, allesammen. Så stopper jeg optagelsen nu.
"""

GROUP = FocusGroup(
    title="Fokusgruppe 3 – sygedagpenge (Teams)",
    date_line="2021-01-19",
    intro_lines=[],
    speakers=SPEAKERS,
    dialogue=DIALOGUE,
    start_seconds=2.4,
)
