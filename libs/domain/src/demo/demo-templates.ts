import type { z } from 'zod';
import type { Template } from '../catalog/template.schema';

export const demoTemplates: z.input<typeof Template>[] = [
  {
    code: 'WELCOME_SMS',
    name: 'Welcome',
    channel: 'sms',
    defaultLocale: 'en',
    variants: [
      { locale: 'en', body: 'Welcome to Signalbox Mobile! Your number {{ subject.msisdn }} is active and mobile data is on.' },
      { locale: 'fr', body: 'Bienvenue chez Signalbox Mobile ! Votre numéro {{ subject.msisdn }} est actif et les données mobiles sont activées.' },
    ],
  },
  {
    code: 'SIM_SWAPPED_SMS',
    name: 'SIM swapped',
    channel: 'sms',
    variants: [
      { locale: 'en', body: 'Your number {{ subject.msisdn }} now works on your new SIM card ending {{ $substring(subject.iccid, -4) }}. Not you? Call us on 150.' },
      { locale: 'fr', body: 'Votre numéro {{ subject.msisdn }} fonctionne désormais avec la nouvelle carte SIM se terminant par {{ $substring(subject.iccid, -4) }}.' },
    ],
  },
  {
    code: 'BARRED_EMAIL',
    name: 'Barred for non-payment',
    channel: 'email',
    variants: [
      {
        locale: 'en',
        subject: 'Your outgoing calls are paused',
        body: 'Hello {{ data.customerName }},\n\nWe have not received payment for account {{ subject.accountId }}{{ data.amountDue ? " (" & data.amountDue & " due)" : "" }}, so outgoing calls, texts and data on {{ subject.msisdn }} are paused. You can still receive calls.\n\nPay online and service resumes within minutes.',
      },
      {
        locale: 'fr',
        subject: 'Vos appels sortants sont suspendus',
        body: 'Bonjour {{ data.customerName }},\n\nNous n’avons pas reçu le paiement du compte {{ subject.accountId }} : les appels, SMS et données sortants du {{ subject.msisdn }} sont suspendus.',
      },
    ],
  },
  {
    code: 'UNBARRED_SMS',
    name: 'Unbarred',
    channel: 'sms',
    variants: [{ locale: 'en', body: 'Thank you for your payment. Calls, texts and data on {{ subject.msisdn }} are back on.' }],
  },
  {
    code: 'TOP_UP_SMS',
    name: 'Top-up received',
    channel: 'sms',
    variants: [
      { locale: 'en', body: 'We received your top-up of {{ data.amount }}.{{ nodes.bonus.outcome = "success" ? " A bonus of 5 has been added too." : "" }}' },
      { locale: 'es', body: 'Hemos recibido tu recarga de {{ data.amount }}.{{ nodes.bonus.outcome = "success" ? " También te hemos añadido un bono de 5." : "" }}' },
    ],
  },
];
