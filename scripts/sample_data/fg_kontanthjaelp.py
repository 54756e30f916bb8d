"""Focus group 2: five people on kontanthjælp, April 2021 (written as a timestamped text transcript)."""

from __future__ import annotations

from .transcripts import FocusGroup

SPEAKERS = {
    "M": "Moderator (Lise)",
    "K": "Kim",
    "S": "Sanne",
    "A": "Ahmed",
    "J": "Jonas",
    "B": "Bente",
}

DIALOGUE = """
M: Okay, så tror jeg, optageren kører. Velkommen til jer alle fem. Jeg hedder Lise, og jeg er ikke ansat i jobcentret, jeg er fra Analyseenheden, så I kan sige lige, hvad I mener. Vi skal snakke om jeres oplevelser med jobcentret, det gode og det dårlige. Skal vi ikke lige tage en runde med navn og hvor længe I har været på kontanthjælp?
K: Kim. Øh, jeg har været på kontanthjælp i ... puha, med afbrydelser, så er det vel fire år.
S: Jeg hedder Sanne, og det er to år nu. Jeg har to børn, og jeg er alene med dem.
A: Ahmed. Et år og et halvt. Før det havde jeg mit eget firma, men det gik ikke.
J: Jonas. Seks måneder. Jeg droppede ud af en uddannelse.
B: Bente, og jeg har været på kontanthjælp længe. Over fem år. Jeg har ondt i ryggen, så det er lidt ... ja.
M: Tak. Hvis I skal beskrive jobcentret med ét ord, hvad ville det så være?
K: Kontrol.
J: Forvirrende.
S: Øh ... blandet, måske.
A: Langsomt.
B: Skiftende. (griner) Fordi de skifter hele tiden.
M: Det vil jeg gerne høre mere om, Bente.
B: Altså, jeg har haft – jeg har faktisk talt dem – syv sagsbehandlere på de fem år. Syv. Og hver gang det begynder at gå godt, så bliver hun flyttet til en anden afdeling, eller hun går på barsel, eller hun siger op. Og så kommer der en ny, der skal have hele min ryg forklaret igen og vil have nye lægepapirer.
K: Præcis.
B: Så starter man forfra. Og så går der et halvt år mere.
S: Det er det samme for mig, bare ikke så slemt. Jeg har haft tre. Men den jeg har nu, hun er god. Hun hedder Lone Hansen, og hun er faktisk den første, der har spurgt til mine børn, og hvordan jeg får det til at hænge sammen.
M: Hvad betyder det for dig?
S: Det betyder alt. Altså, jeg har det som om, hun er på min side. Før havde jeg det, som om jeg skulle bevise, at jeg ikke var doven.
K: Det er lige det. Man bliver behandlet, som om man snyder.
M: Kan du give et eksempel, Kim?
K: Ja, altså, da jeg var syg sidste vinter, så fik jeg et brev om, at jeg ikke havde mødt op, og at de ville trække mig i kontanthjælp. Og jeg havde ringet og sagt det. Men der var ingen, der havde skrevet det ned. ¶ Så skulle jeg ringe igen og igen, og til sidst fik jeg fat i en, der sagde, at det var en fejl. Men det tog tre uger, og imens havde jeg ikke nogen penge til husleje.
A: Det er ikke i orden.
K: Nej, det er det ikke.
M: Apropos at ringe – hvordan er det at få fat i jobcentret?
A: Umuligt. Altså, de siger, ring på 44 55 66 77 mellem ni og ti, og så ringer man fem over ni, og så er der optaget. Eller man kommer i kø og så bliver man afbrudt.
J: Jeg har prøvet at ringe ti gange på én dag.
A: Jeg har et nummer direkte til min sagsbehandler nu, men det har jeg fået af en anden.
M: Ahmed, du sagde "langsomt" før. Er det det, du mener?
A: Ja, også. Men altså, alting tager lang tid. Jeg ventede fire måneder på svar om et kursus, og da jeg fik ja, så var kurset startet. Så skulle jeg vente et halvt år mere på det næste hold.
J: Øh, det er også det med, at der ikke sker noget mellem møderne, ikke også.
A: Præcis.
K: Og når man så endelig ringer for at –
B: – så er der ingen, der tager den. (griner)
K: Nej. Eller de siger, at de skriver en besked til sagsbehandleren, og så hører man ikke mere.
M: Okay. Er der nogen, der har haft en god oplevelse med at ringe?
S: Ja, faktisk. Lone ringer altid tilbage samme dag. Eller dagen efter. Men det er hende, ikke selve jobcentret, ikke også.
M: Mm. Hvad så med breve og beskeder? Hvordan er de at forstå?
J: Jeg forstår ikke halvdelen. Der står sådan noget som "jf. lov om aktiv socialpolitik paragraf 13, stk. 7". Hvad betyder det?
B: (griner) Det er sanktionsparagraffen.
J: Ja, men det ved jeg jo ikke.
A: For mig er det også sproget. Dansk er ikke mit første sprog, og jeg taler det fint, men de der breve ... de er svære for mig. Jeg må bede min datter om at læse dem, og hun er tolv år.
M: Har I fået hjælp til at forstå dem?
A: Nej. Jeg har spurgt, om de kunne forklare det på mødet, og det gjorde hun så, men det var fem minutter til sidst.
S: Jeg har fået at vide, at jeg kunne skrive til en mail – det var noget med jobcenter@soeholm.dk – men jeg har aldrig fået svar.
M: Lad os tale om aktiviteterne. Har I været i praktik eller i jobklub?
J: Jeg var i jobklub i tre måneder. Fire timer hver mandag og torsdag. Og det var altså ... jeg mener, vi sad og søgte job på computerne, og det kunne jeg lige så godt gøre derhjemme.
K: Jeg har været i virksomhedspraktik tre gange. Og hver gang har de sagt, at der måske var et job bagefter, og det var der så aldrig.
M: Hvordan var det?
K: Det føltes som gratis arbejdskraft, helt ærligt. Jeg stod på et lager i tretten uger og lavede præcis det samme som de andre, og de andre fik løn.
A: Jeg havde en rigtig god praktik, faktisk. I en cykelbutik. Jeg lærte meget, og chefen gav mig en anbefaling. Det var det bedste, jobcentret har gjort for mig.
M: Hvad gjorde den god, tror du?
A: At den passede til det, jeg kan. Jeg har altid lavet cykler. Og at min mentor ringede og spurgte, hvordan det gik.
B: Jeg kan ikke lave praktik med min ryg. Men det tror de ikke helt på. Sidste gang skulle jeg i praktik i en børnehave, og jeg kan ikke engang løfte et barn.
M: Så blev der ikke taget hensyn til dit helbred?
B: Nej. Ikke før jeg kom med en lægeerklæring. Og den skulle jeg selv betale.
S: Og så er der det med transporten. Praktikken lå i Tåstrup, og jeg skulle have børnene i institution først, og så tog det en time og tyve hver vej. Det kunne ikke hænge sammen.
M: Fik du hjælp til transporten?
S: Jeg fik et buskort efter en måned. Men man skal selv lægge ud, og det har man jo ikke penge til på kontanthjælp.
M: Nu har vi jo også haft corona. Hvordan har det været med møder over telefon eller video?
J: Det har jeg det fint med. Jeg har været til alle mine møder på telefonen det sidste år. Det er nemmere.
B: Jeg kan bedre lide det. Så skal jeg ikke sidde i bussen med min ryg.
K: Jeg synes, det er værre. Man ved ikke, hvem man snakker med. Og så siger de "det sender jeg til dig", og så kommer der ingenting.
A: Min video virkede ikke, og så blev mødet aflyst, og så stod der i systemet, at jeg ikke var mødt op. [utydeligt]
M: Undskyld, det røg lidt – kunne du gentage det sidste?
A: Ja, at der så stod, at jeg ikke var mødt op. Men det var deres system, der ikke virkede.
M: Lad os snakke om jobplanen. Hvad står der i jeres?
K: Aner det ikke. (griner)
J: Der står, at jeg skal i gang med en uddannelse. Det er jeg sådan set enig i. Men der står ikke hvilken eller hvornår.
S: Min er ok. Vi har lavet en plan sammen om, at jeg skal tage et AMU-kursus i rengøring og så søge job i skoletiden. Det giver mening for mig.
M: Hvad gør, at den giver mening?
S: At den passer til mit liv. Med børnene. Og at Lone spurgte, hvad jeg selv tænkte.
B: Min jobplan er den samme, som den var for fem år siden. Søge job, søge job, søge job.
M: Føler I jer hørt og respekteret, når I er i kontakt med jobcentret?
K: Nej. Ikke særlig meget. Altså, jeg ved godt, at de har deres regler, men man bliver jo talt til, som om man er et barn.
B: Det kommer an på, hvem man møder.
A: Jeg føler mig respekteret af min mentor. Ikke så meget af systemet.
J: Altså, det er slet ikke så slemt, som folk siger. Jeg troede, det var meget værre, inden jeg startede. Men det er forvirrende.
S: Jeg føler mig hørt nu. Det har jeg ikke altid gjort.
M: Hvis I nu kunne bestemme, hvad skulle jobcentret så gøre anderledes?
B: Lade mig beholde den samme sagsbehandler. Og tro på, hvad lægen skriver.
K: Stoppe med at true med sanktioner i hvert eneste brev.
A: Skrive i et sprog, man kan forstå. Eller lave en video, der forklarer brevet.
J: Fortælle mig, hvad jeg skal. Helt konkret. Hvem, hvad, hvornår.
S: Hjælpe med transport, før man starter i praktik. Ikke bagefter.
K: Og tage telefonen, for pokker.
A: (griner) Ja.
M: Er der noget, der fungerer godt, som I gerne vil have, de bliver ved med?
A: Mentorordningen. Helt sikkert.
S: Lone. (griner) Nej, men at have én, der kender én.
J: At man kan tage møderne på telefonen.
B: Nogle af de unge sagsbehandlere er rigtig søde, det skal de have.
K: Øh ... jeg skal tænke over det. Kaffen er god. (latter)
M: (griner) Det skriver jeg ned. Hvis nogen af jer vil sige mere bagefter, kan I skrive til mig.
K: Kan jeg skrive til dig på mail? Min er kim.b.andersen@gmail.com, hvis du vil sende spørgsmålene.
M: Det er fint, det tager vi bagefter. Tusind tak for i dag, allesammen.
"""

GROUP = FocusGroup(
    title="Fokusgruppe 2 – borgere på kontanthjælp",
    date_line="Optaget 14.04.2021 kl. 10.00, Jobcenter Søholm (fremmøde, med afstand)",
    intro_lines=[
        "Moderator er Lise fra Analyseenheden. Deltagernes navne er ændret.",
        "[utydeligt] = ikke hørbart på optagelsen.",
    ],
    speakers=SPEAKERS,
    dialogue=DIALOGUE,
    start_seconds=7.0,
)
